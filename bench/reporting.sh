#!/usr/bin/env bash
# Reporting benchmark: database sapa_bench_reporting (created once with the three
# addons, no demo data; reused afterwards), N cases (default 100000), then measures.
#   bench/reporting.sh [N]          SAPA_BENCH_RUNS=5: measured runs per figure
source "$(dirname "$0")/../scripts/common.sh"
ensure_venv
ensure_odoo
ensure_postgres
DB="${SAPA_BENCH_REPORTING_DB:-sapa_bench_reporting}"
if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    log "creating $DB (three addons, no demo data)"
    "$PY" "$ODOO_PATH/odoo-bin" "${DB_ARGS[@]}" --addons-path="$ADDONS_PATH" -d "$DB" \
        -i "$SAPA_MODULES" --without-demo=all --stop-after-init --log-level=warn
else
    "$PY" "$ODOO_PATH/odoo-bin" "${DB_ARGS[@]}" --addons-path="$ADDONS_PATH" -d "$DB" \
        -u "$SAPA_MODULES" --stop-after-init --log-level=warn
fi
BENCH=("$PY" "$REPO/bench/bench_reporting.py" --db "$DB" --cases "${1:-100000}"
       --runs "${SAPA_BENCH_RUNS:-5}"
       "${DB_ARGS[@]}" --addons-path="$ADDONS_PATH" --log-level=warn)
"${BENCH[@]}" --populate-only
# As autovacuum would after a bulk load: planner statistics and visibility map.
psql -d "$DB" -qc "VACUUM ANALYZE"
"${BENCH[@]}"
