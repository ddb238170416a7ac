# What the bench scripts share (sourced): the project's set-up (scripts/common.sh:
# virtualenv, Odoo, PostgreSQL) and bench databases, created once and reused.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
ensure_venv
ensure_odoo
ensure_postgres

# bench_database DB [ODOO OPTION...]: creates DB with the three addons (the
# options, e.g. --without-demo=all, apply then), else updates them to this code.
bench_database() {
    local db="$1"
    shift
    if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
        log "creating $db (three addons${*:+, $*})"
        "$PY" "$ODOO_PATH/odoo-bin" "${DB_ARGS[@]}" --addons-path="$ADDONS_PATH" -d "$db" \
            -i "$SAPA_MODULES" "$@" --stop-after-init --log-level=warn
    else
        "$PY" "$ODOO_PATH/odoo-bin" "${DB_ARGS[@]}" --addons-path="$ADDONS_PATH" -d "$db" \
            -u "$SAPA_MODULES" --stop-after-init --log-level=warn
    fi
}
