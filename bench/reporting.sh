#!/usr/bin/env bash
# Reporting benchmark: database sapa_bench_reporting (created once with the three
# addons, no demo data; reused afterwards), N cases (default 100000), then measures.
#   bench/reporting.sh [N]          SAPA_BENCH_RUNS=5: measured runs per figure
source "$(dirname "$0")/common.sh"
DB="${SAPA_BENCH_REPORTING_DB:-sapa_bench_reporting}"
bench_database "$DB" --without-demo=all
BENCH=("$PY" "$REPO/bench/bench_reporting.py" --db "$DB" --cases "${1:-100000}"
       --runs "${SAPA_BENCH_RUNS:-5}"
       "${DB_ARGS[@]}" --addons-path="$ADDONS_PATH" --log-level=warn)
"${BENCH[@]}" --populate-only
# As autovacuum would after a bulk load: planner statistics and visibility map.
psql -d "$DB" -qc "VACUUM ANALYZE"
"${BENCH[@]}"
