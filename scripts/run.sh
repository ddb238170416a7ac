#!/usr/bin/env bash
# Command 1: bring up a working SAPA on http://localhost:$SAPA_PORT.
# Creates database $SAPA_DB with the three addons and demo data the first time;
# later runs keep the data and upgrade the addons. Ctrl-C stops everything this
# run started (Odoo, and PostgreSQL if it was not already running).
#   SAPA_DEMO=0   create the database without demo data
source "$(dirname "$0")/common.sh"

SAPA_PORT="${SAPA_PORT:-8069}"
SAPA_DB="${SAPA_DB:-sapa}"
DEMO_ARGS=()
[ "${SAPA_DEMO:-1}" = 0 ] && DEMO_ARGS=(--without-demo=all)

"$REPO/scripts/system-packages.sh"
ensure_venv
ensure_odoo
ensure_postgres

ODOO=("$PY" "$ODOO_PATH/odoo-bin" "${DB_ARGS[@]}" --addons-path="$ADDONS_PATH"
      -d "$SAPA_DB" --db-filter="^$SAPA_DB\$" --http-port="$SAPA_PORT" --log-level=warn)

if psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$SAPA_DB'" | grep -q 1; then
    log "database $SAPA_DB exists: upgrading the SAPA addons (data kept)"
    "${ODOO[@]}" -u "$SAPA_MODULES" --stop-after-init
else
    log "creating database $SAPA_DB with the SAPA addons and demo data (about a minute)"
    "${ODOO[@]}" -i "$SAPA_MODULES" "${DEMO_ARGS[@]}" --stop-after-init
fi

cat >&2 <<MSG

  SAPA is running on  http://localhost:$SAPA_PORT   (backend: http://localhost:$SAPA_PORT/odoo)
  Public complaint form: http://localhost:$SAPA_PORT/sapa/pengaduan

  Demo logins (password = login):
    admin           Odoo administrator (password: admin)
    sapa_admin      Admin (front desk)
    sapa_subkoor    Sub Koordinator (case manager)
    sapa_konselor   Konselor / Konsultan
    sapa_kabid      Kepala Bidang
    sapa_kadin      Kepala Dinas
    sapa_manager    SAPA Manager (configuration)

  Ctrl-C stops the server and the project's PostgreSQL.

MSG
"${ODOO[@]}" --log-level=info &
ODOO_PID=$!
on_exit stop_process "$ODOO_PID"
wait "$ODOO_PID"
