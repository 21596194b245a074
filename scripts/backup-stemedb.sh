#!/usr/bin/env bash
# Cron-friendly online backup: `scripts/backup-stemedb.sh [backup-dir]`.
# A thin wrapper over `stemedb backup`: with a server running it asks the server (admin token from
# STEMEDB_ADMIN_TOKEN or the data directory's admin-token file), otherwise it opens the data
# directory itself. Then it verifies the new backup. Logs to stdout; exits non-zero on failure.
set -euo pipefail
STEMEDB=(node "$(cd "$(dirname "$0")/.." && pwd)/bin/stemedb.js")
TO="${1:-${STEMEDB_BACKUP_DIR:-backups}}"
echo "$(date -u +%FT%TZ) backup to ${TO}"
"${STEMEDB[@]}" backup --to "${TO}"
"${STEMEDB[@]}" verify --latest "${TO}"
echo "$(date -u +%FT%TZ) backup done"
