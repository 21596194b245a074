#!/usr/bin/env bash
# `scripts/restore-stemedb.sh <backup-dir> [--to-time T] [--wal-archive DIR]`: restores a backup
# into the data directory (STEMEDB_WAL_DIR / STEMEDB_DB_DIR). A thin wrapper over
# `stemedb restore`: stop the server first; the previous contents are moved aside, not deleted.
set -euo pipefail
STEMEDB=(node "$(cd "$(dirname "$0")/.." && pwd)/bin/stemedb.js")
if [ $# -lt 1 ]; then
  echo "usage: $0 <backup-dir> [--to-time T] [--wal-archive DIR]" >&2
  exit 2
fi
echo "$(date -u +%FT%TZ) restore from $1"
"${STEMEDB[@]}" verify "$1"
"${STEMEDB[@]}" restore "$@"
echo "$(date -u +%FT%TZ) restore done: start the server (npm start, or systemctl start stemedb-api)"
