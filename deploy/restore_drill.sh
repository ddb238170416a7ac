#!/usr/bin/env bash
# SAPA restore drill: restore the latest backup of a database (deploy/backup.sh)
# into a NEW database and a separate data_dir, neutralize it (no mail, no cron),
# check it, and drop it again. A backup that was never restored is a hope.
#
#   deploy/restore_drill.sh DATABASE [BACKUP_FOLDER]
#
# Checks: the checksums of the backup; at least the manifest's rows (complaints,
# cases, attachment files); every attachment's file is in the restored filestore
# and Odoo reads it back with its recorded checksum; Odoo opens the restored
# database; the next complaint reference is not one already used.
#
# Settings (environment variables):
#   PGHOST, PGPORT, PGUSER, PGPASSWORD   the server to restore into (the role needs CREATEDB)
#   SAPA_BACKUP_DIR     where backups are                        (/var/backups/sapa)
#   SAPA_ODOO_CONF      an Odoo configuration for the database connection (a node's)
#   SAPA_RESTORE_KEEP   1: keep the restored database and data_dir for a look (default 0)
# plus ODOO_PATH and SAPA_VENV as for `make run`.
source "$(dirname "$0")/../scripts/common.sh"

DB="${1:?usage: deploy/restore_drill.sh DATABASE [BACKUP_FOLDER]}"
BACKUP_DIR="${SAPA_BACKUP_DIR:-/var/backups/sapa}"
BACKUP="${2:-$(ls -d "$BACKUP_DIR/$DB"-* 2>/dev/null | sort | tail -n 1)}"
[ -n "$BACKUP" ] && [ -f "$BACKUP/manifest.txt" ] || die "no backup of $DB in $BACKUP_DIR"
CONF="${SAPA_ODOO_CONF:?SAPA_ODOO_CONF: an Odoo configuration file for the connection}"
RESTORED="${DB}_restore_$(date -u +%Y%m%d%H%M%S)"

ensure_venv
ensure_odoo

WORK="$(mktemp -d /tmp/sapa-restore.XXXXXX)"
cleanup() {
    if [ "${SAPA_RESTORE_KEEP:-0}" = 1 ]; then
        log "kept: database $RESTORED, data_dir $WORK/data"
        return
    fi
    dropdb --if-exists "$RESTORED" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
on_exit cleanup

manifest() { sed -n "s/^$1=//p" "$BACKUP/manifest.txt"; }
log "restoring $BACKUP into the new database $RESTORED"
(cd "$BACKUP" && sha256sum --quiet -c SHA256SUMS) || die "the backup's checksums do not match"
createdb "$RESTORED"
# Everything but monitoring extensions that only a superuser may create (the
# primary's pg_stat_statements): the restoring role owns what it restores.
pg_restore -l "$BACKUP/database.dump" | grep -v 'pg_stat_statements' >"$WORK/restore.list"
pg_restore --no-owner --exit-on-error -L "$WORK/restore.list" -d "$RESTORED" "$BACKUP/database.dump"
mkdir -p "$WORK/data/filestore"
tar -C "$WORK/data/filestore" -xzf "$BACKUP/filestore.tar.gz"
[ -d "$WORK/data/filestore/$DB" ] && mv "$WORK/data/filestore/$DB" "$WORK/data/filestore/$RESTORED"

ODOO=("$PY" "$ODOO_PATH/odoo-bin")
# A restored copy must never mail reporters or run the crons of the real SAPA.
"${ODOO[@]}" neutralize -c "$CONF" -d "$RESTORED" --data-dir="$WORK/data" \
    --logfile="$WORK/neutralize.log" || die "neutralize failed (see $WORK/neutralize.log)"

status=0
check() {  # check LABEL EXPECTED_AT_LEAST ACTUAL
    if [ "$3" -ge "$2" ]; then
        log "ok   $1: $3 (backup manifest: $2)"
    else
        log "FAIL $1: $3, the manifest says $2"
        status=1
    fi
}
q() { psql -X -d "$RESTORED" -tAc "$1"; }
check "complaints" "$(manifest sapa_complaint)" "$(q 'SELECT count(*) FROM sapa_complaint')"
check "cases" "$(manifest sapa_case)" "$(q 'SELECT count(*) FROM sapa_case')"
check "attachment files" "$(manifest ir_attachment_files)" \
    "$(q 'SELECT count(*) FROM ir_attachment WHERE store_fname IS NOT NULL')"

# Odoo itself, on the restored database and filestore.
"${ODOO[@]}" shell -c "$CONF" -d "$RESTORED" --data-dir="$WORK/data" --no-http \
    --max-cron-threads=0 --log-level=warn --logfile="$WORK/shell.log" \
    >"$WORK/shell.out" 2>&1 <<'PY' || true
import hashlib
Attachment = env["ir.attachment"].sudo()
# Field attachments (images...) too: a domain on res_field lifts the ORM's filter.
files = Attachment.with_context(active_test=False).search([
    ("store_fname", "!=", False), "|", ("res_field", "=", False), ("res_field", "!=", False)])
missing = bad = 0
for attachment in files:
    raw = attachment.raw
    if not raw:
        missing += 1
    elif attachment.checksum and hashlib.sha1(raw).hexdigest() != attachment.checksum:
        bad += 1
print(f"SAPA-CHECK files={len(files)} missing={missing} bad={bad}")
Complaint = env["sapa.complaint"].sudo().with_context(active_test=False)
names = set(Complaint.search([]).mapped("name"))
following = env["ir.sequence"].sudo().next_by_code("sapa.complaint")
print(f"SAPA-CHECK complaints={len(names)} next_reference={following} reused={following in names}")
env.cr.rollback()
PY
if ! grep -q "SAPA-CHECK files=" "$WORK/shell.out"; then
    cat "$WORK/shell.out" >&2
    tail -n 30 "$WORK/shell.log" >&2 2>/dev/null || true
    die "Odoo could not open the restored database"
fi
read -r files missing bad < <(sed -n 's/^SAPA-CHECK files=\([0-9]*\) missing=\([0-9]*\) bad=\([0-9]*\)$/\1 \2 \3/p' "$WORK/shell.out")
read -r complaints next_ref reused < <(sed -n 's/^SAPA-CHECK complaints=\([0-9]*\) next_reference=\(\S*\) reused=\(\S*\)$/\1 \2 \3/p' "$WORK/shell.out")
log "Odoo opened $RESTORED: $files attachment files read back, $missing missing, $bad with a wrong checksum"
[ "$missing" = 0 ] && [ "$bad" = 0 ] || status=1
if [ "$reused" = False ]; then
    log "ok   next complaint reference $next_ref is new ($complaints complaints restored)"
else
    log "FAIL next complaint reference $next_ref was already used"
    status=1
fi
[ "$status" = 0 ] && log "restore drill PASSED ($BACKUP)" || log "restore drill FAILED ($BACKUP)"
exit "$status"
