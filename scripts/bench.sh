#!/usr/bin/env bash
# make bench: every benchmark of bench/ (figures, never assertions; see
# bench/README.md). Long: the kanban and reporting benches populate 100,000 cases once.
#   SAPA_BENCH_CASES=100000   cases of the kanban and reporting benches
"$(dirname "$0")/system-packages.sh"
source "$(dirname "$0")/../bench/common.sh"

log "bench: kanban over ${SAPA_BENCH_CASES:-100000} cases (bench/kanban.sh)"
"$REPO/bench/kanban.sh" "${SAPA_BENCH_CASES:-100000}"

log "bench: reporting over ${SAPA_BENCH_CASES:-100000} cases (bench/reporting.sh)"
"$REPO/bench/reporting.sh" "${SAPA_BENCH_CASES:-100000}"

# The public form needs demo areas: its own database, created once.
FORM_DB="${SAPA_BENCH_FORM_DB:-sapa_bench_form}"
bench_database "$FORM_DB"
log "bench: public form (bench/bench_portal_form.py)"
"$PY" "$REPO/bench/bench_portal_form.py" --db "$FORM_DB" --odoo-path "$ODOO_PATH" \
    --python "$PY" --db-host "$PGHOST" --db-port "$PGPORT" --db-user "$PGUSER"
