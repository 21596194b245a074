#!/usr/bin/env bash
# Cron-friendly online backup: `scripts/backup-stemedb.sh [backup-dir]`.
# A thin wrapper over `stemedb backup`: with a server running it asks the server (admin token from
# STEMEDB_ADMIN_TOKEN or the data directory's admin-token file), otherwise it opens the data
# directory itself. Then it verifies the new backup. Logs to stdout; exits non-zero on failure.
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
# The backup directory: the argument, else STEMEDB_BACKUP_DIR, else /backups (the single-node
# guide's) when it exists, else ./backups.
if [ -n "${1:-}" ]; then TO="$1"
elif [ -n "${STEMEDB_BACKUP_DIR:-}" ]; then TO="$STEMEDB_BACKUP_DIR"
elif [ -d /backups ]; then TO=/backups
else TO=backups
fi
echo "$(date -u +%FT%TZ) backup to ${TO}"
"${STEMEDB[@]}" backup --to "${TO}"
"${STEMEDB[@]}" verify --latest "${TO}"
echo "$(date -u +%FT%TZ) backup done"
