#!/usr/bin/env bash
# Kanban benchmark: database sapa_bench (created once with the three addons,
# no demo data; reused afterwards), N cases (default 100000), then measures.
#   bench/kanban.sh [N]
source "$(dirname "$0")/common.sh"
DB="${SAPA_BENCH_DB:-sapa_bench}"
bench_database "$DB" --without-demo=all
BENCH=("$PY" "$REPO/bench/bench_kanban.py" --db "$DB" --cases "${1:-100000}"
       "${DB_ARGS[@]}" --addons-path="$ADDONS_PATH" --log-level=warn)
"${BENCH[@]}" --populate-only
# As autovacuum would after a bulk load: planner statistics and visibility map.
psql -d "$DB" -qc "VACUUM ANALYZE"
"${BENCH[@]}"
