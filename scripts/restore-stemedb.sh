#!/usr/bin/env bash
# `scripts/restore-stemedb.sh <backup-dir> [--to-time T] [--wal-archive DIR]`: restores a backup
# into the data directory (STEMEDB_WAL_DIR / STEMEDB_DB_DIR). A thin wrapper over
# `stemedb restore`: stop the server first; the previous contents are moved aside, not deleted.
set -euo pipefail
# Self-contained, because the single-node guide copies this file alone to /usr/local/bin.
# The env files the systemd units read, so a cron job sees the server's data directories; then
# this checkout's `stemedb`, or the one on PATH when the script was copied elsewhere.
# A variable already in the environment wins, as an explicit setting should.
for env_file in /etc/stemedb/config.env /etc/default/stemedb; do
  [ -r "$env_file" ] || continue
  while IFS='=' read -r key value; do
    case "$key" in '' | \#*) continue ;; esac
    value="${value%\"}" && value="${value#\"}"
    [ -n "${!key+set}" ] || export "$key=$value"
  done <"$env_file"
done
script_root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -f "$script_root/bin/stemedb.js" ]; then
  STEMEDB=(node "$script_root/bin/stemedb.js")
elif command -v stemedb >/dev/null 2>&1; then
  STEMEDB=(stemedb)
else
  echo "Cannot find the stemedb command: install StemeDB (npm install -g) or run this script from a checkout" >&2
  exit 1
fi
if [ $# -lt 1 ]; then
  echo "usage: $0 <backup-dir> [--to-time T] [--wal-archive DIR]" >&2
  exit 2
fi
echo "$(date -u +%FT%TZ) restore from $1"
"${STEMEDB[@]}" verify "$1"
"${STEMEDB[@]}" restore "$@"
echo "$(date -u +%FT%TZ) restore done: start the server (npm start, or systemctl start stemedb-api)"
