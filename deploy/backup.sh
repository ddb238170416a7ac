#!/usr/bin/env bash
# SAPA backup: one database (pg_dump, custom format) and its filestore, with a
# manifest (row counts, checksums) that deploy/restore_drill.sh checks a restore
# against. A backup folder appears only when complete (written aside, then renamed).
#
#   deploy/backup.sh DATABASE
#
# Settings (environment variables):
#   PGHOST, PGPORT, PGUSER, PGPASSWORD   the primary (libpq's own variables)
#   SAPA_DATA_DIR      Odoo's data_dir (the shared folder)      (/srv/sapa-data)
#   SAPA_BACKUP_DIR    where backups go                         (/var/backups/sapa)
#   SAPA_BACKUP_KEEP   days of backups kept                     (14)
#
# This is the logical backup (any moment can be restored into a new database,
# any PostgreSQL version). For restoring to any point in time, the primary also
# archives its WAL (deploy/postgresql/primary.conf.tmpl, archive_command) beside
# a weekly `pg_basebackup`: see deploy/README.md, "Backups".
set -euo pipefail

DB="${1:?usage: deploy/backup.sh DATABASE}"
DATA_DIR="${SAPA_DATA_DIR:-/srv/sapa-data}"
BACKUP_DIR="${SAPA_BACKUP_DIR:-/var/backups/sapa}"
KEEP="${SAPA_BACKUP_KEEP:-14}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
TARGET="$BACKUP_DIR/$DB-$STAMP"
WORK="$BACKUP_DIR/.$DB-$STAMP.partial"

log() { printf '[sapa-backup] %s\n' "$*" >&2; }
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$BACKUP_DIR"
chmod 700 "$BACKUP_DIR"
mkdir -m 700 "$WORK"

count() { psql -X -d "$DB" -tAc "$1"; }
log "dumping database $DB"
# Counts first, then the dump: rows created in between are in the dump, not in
# the manifest (the restore drill checks "at least").
{
    echo "database=$DB"
    echo "taken_at=$STAMP"
    echo "pg_dump=$(pg_dump --version)"
    echo "sapa_complaint=$(count 'SELECT count(*) FROM sapa_complaint')"
    echo "sapa_case=$(count 'SELECT count(*) FROM sapa_case')"
    echo "ir_attachment_files=$(count 'SELECT count(*) FROM ir_attachment WHERE store_fname IS NOT NULL')"
    echo "max_complaint_id=$(count 'SELECT coalesce(max(id), 0) FROM sapa_complaint')"
} >"$WORK/manifest.txt"
pg_dump -Fc -d "$DB" -f "$WORK/database.dump"

# The filestore after the dump: every file the dump refers to is there (Odoo only
# removes a file after its attachment row is gone; see deploy/README.md).
log "archiving the filestore $DATA_DIR/filestore/$DB"
if [ -d "$DATA_DIR/filestore/$DB" ]; then
    tar -C "$DATA_DIR/filestore" -czf "$WORK/filestore.tar.gz" "$DB"
else
    log "no filestore folder for $DB (no attachment yet?)"
    tar -czf "$WORK/filestore.tar.gz" --files-from /dev/null
fi
(cd "$WORK" && sha256sum database.dump filestore.tar.gz >SHA256SUMS)
mv "$WORK" "$TARGET"
log "backup complete: $TARGET ($(du -sh "$TARGET" | cut -f1))"

# Keep KEEP days of complete backups of this database.
find "$BACKUP_DIR" -maxdepth 1 -type d -name "$DB-*" -mtime +"$KEEP" -print0 \
    | xargs -0 -r rm -rf
echo "$TARGET"
