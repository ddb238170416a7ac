#!/usr/bin/env bash
# make bench: every benchmark of bench/ (figures, never assertions; see
# bench/README.md). Long: the kanban and reporting benches populate 100,000 cases once.
#   SAPA_BENCH_CASES=100000   cases of the kanban and reporting benches
source "$(dirname "$0")/common.sh"
"$REPO/scripts/system-packages.sh"
ensure_venv
ensure_odoo
ensure_postgres

log "bench: kanban over ${SAPA_BENCH_CASES:-100000} cases (bench/kanban.sh)"
"$REPO/bench/kanban.sh" "${SAPA_BENCH_CASES:-100000}"

log "bench: reporting over ${SAPA_BENCH_CASES:-100000} cases (bench/reporting.sh)"
"$REPO/bench/reporting.sh" "${SAPA_BENCH_CASES:-100000}"

# The public form needs demo areas: its own database, created once.
FORM_DB="${SAPA_BENCH_FORM_DB:-sapa_bench_form}"
if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$FORM_DB'" | grep -q 1; then
    log "creating $FORM_DB (three addons, demo data)"
    "$PY" "$ODOO_PATH/odoo-bin" "${DB_ARGS[@]}" --addons-path="$ADDONS_PATH" -d "$FORM_DB" \
        -i "$SAPA_MODULES" --stop-after-init --log-level=warn
fi
log "bench: public form (bench/bench_portal_form.py)"
"$PY" "$REPO/bench/bench_portal_form.py" --db "$FORM_DB" --odoo-path "$ODOO_PATH" \
    --python "$PY" --db-host "$PGHOST" --db-port "$PGPORT" --db-user "$PGUSER"
