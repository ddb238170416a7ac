# Shared set-up for scripts/run.sh and scripts/test.sh (sourced, not executed).
#
# Settings (environment variables, all optional):
#   ODOO_PATH      Odoo 18.0 tree holding odoo-bin (default: /opt/odoo18)
#   SAPA_VENV      virtualenv to create/use             (default: <repo>/.venv)
#   SAPA_PORT      HTTP port of `make run`               (default: 8069)
#   SAPA_DB        database of `make run`                (default: sapa)
#   PGHOST, PGPORT, PGUSER, PGPASSWORD
#                  use this PostgreSQL instead of the project's private cluster
#   SAPA_PGDATA    data folder of the private cluster    (default: /var/lib/sapa/pgdata
#                  as root, else <repo>/.pgdata)
#   SAPA_PGPORT    port of the private cluster           (default: 5439)

set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_DEFAULT_PATH=/opt/odoo18
ODOO_PATH="${ODOO_PATH:-$ODOO_DEFAULT_PATH}"
SAPA_VENV="${SAPA_VENV:-$REPO/.venv}"
SAPA_MODULES=sapa_case,sapa_referral,sapa_portal
PY="$SAPA_VENV/bin/python"

log() { printf '[sapa] %s\n' "$*" >&2; }
die() { printf '[sapa] ERROR: %s\n' "$*" >&2; exit 1; }

# Runtime (requirements.txt) and tests/lint/benches (requirements-dev.txt, which
# includes the runtime file): both go into the one venv of the commands.
ensure_venv() {
    local stamp="$SAPA_VENV/.requirements.sha"
    local want
    want="$(cat "$REPO/requirements.txt" "$REPO/requirements-dev.txt" | sha1sum | cut -d' ' -f1)"
    if [ -x "$PY" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return
    fi
    log "installing Python requirements into $SAPA_VENV (first run: a few minutes)"
    [ -x "$PY" ] || python3.11 -m venv "$SAPA_VENV" 2>/dev/null || python3 -m venv "$SAPA_VENV"
    "$PY" -m pip install -q --upgrade pip wheel
    "$PY" -m pip install -q -r "$REPO/requirements-dev.txt"
    echo "$want" > "$stamp"
}

# --- Stopping what a script started -------------------------------------------
# A long-running script registers how to undo each thing it starts with
# on_exit; the commands run once, in reverse order, when the script ends for
# any reason (normal end, error, Ctrl-C, TERM), whatever status they return.
_ON_EXIT=()
on_exit() { _ON_EXIT=("$*" "${_ON_EXIT[@]}"); }
_run_on_exit() {
    local status=$?
    trap - EXIT INT TERM
    set +e
    local command
    for command in "${_ON_EXIT[@]}"; do
        eval "$command"
    done
    exit "$status"
}
trap _run_on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Stop a background process (and what it forked in its process group, if it
# leads one): TERM, then KILL after $2 seconds (default 30).
stop_process() {
    local pid="$1" grace="${2:-30}"
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    kill -TERM "$pid" 2>/dev/null
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "$((grace * 10))" ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

ensure_odoo() {
    if [ -f "$ODOO_PATH/odoo-bin" ] && [ -f "$ODOO_PATH/odoo/release.py" ]; then
        :
    elif [ "$ODOO_PATH" = "$ODOO_DEFAULT_PATH" ] && command -v git >/dev/null \
        && git ls-remote --exit-code https://github.com/odoo/odoo.git refs/heads/18.0 >/dev/null 2>&1; then
        log "no Odoo at $ODOO_PATH: shallow-cloning the official 18.0 branch there"
        git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$ODOO_PATH"
    else
        die "no Odoo 18.0 tree at $ODOO_PATH (odoo-bin and odoo/ expected).
  Either point ODOO_PATH at an Odoo 18.0 tree:   ODOO_PATH=/path/to/odoo make run
  or put one at the default location:            git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git $ODOO_DEFAULT_PATH"
    fi
    grep -q "version_info = (18, 0" "$ODOO_PATH/odoo/release.py" \
        || die "$ODOO_PATH is not Odoo 18.0 (see $ODOO_PATH/odoo/release.py)"
    # Official checkout keeps most addons in addons/; the nightly layout in odoo/addons.
    ADDONS_PATH="$REPO,$ODOO_PATH/odoo/addons"
    [ -d "$ODOO_PATH/addons" ] && ADDONS_PATH="$ADDONS_PATH,$ODOO_PATH/addons"
    export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
}

# --- PostgreSQL -------------------------------------------------------------
# Without PGHOST, the project runs its own cluster in $SAPA_PGDATA on a unix
# socket in that folder. PostgreSQL refuses to run as root, so as root the
# cluster belongs to the unprivileged `postgres` OS user.
PG_STARTED_HERE=0
ensure_postgres() {
    if [ -n "${PGHOST:-}" ]; then
        DB_ARGS=(--db_host="$PGHOST" --db_port="${PGPORT:-5432}" --db_user="${PGUSER:-$(id -un)}")
        [ -n "${PGPASSWORD:-}" ] && DB_ARGS+=(--db_password="$PGPASSWORD")
        return
    fi
    local pgbin
    pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -x "$pgbin/pg_ctl" ] || die "PostgreSQL server binaries not found (apt-get install postgresql), or set PGHOST"
    # As root the cluster lives outside the checkout, where the postgres user
    # can always reach it (a checkout under /root would not be traversable).
    if [ "$(id -u)" = 0 ]; then
        SAPA_PGDATA="${SAPA_PGDATA:-/var/lib/sapa/pgdata}"
    else
        SAPA_PGDATA="${SAPA_PGDATA:-$REPO/.pgdata}"
    fi
    SAPA_PGPORT="${SAPA_PGPORT:-5439}"
    local as=()
    if [ "$(id -u)" = 0 ]; then
        as=(runuser -u postgres --)
        mkdir -p "$SAPA_PGDATA"
        chown postgres: "$SAPA_PGDATA"
        chmod 700 "$SAPA_PGDATA"
    fi
    if [ ! -f "$SAPA_PGDATA/PG_VERSION" ]; then
        log "creating a private PostgreSQL cluster in $SAPA_PGDATA"
        "${as[@]}" "$pgbin/initdb" -D "$SAPA_PGDATA" -U sapa --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    PG_CTL=("${as[@]}" "$pgbin/pg_ctl" -D "$SAPA_PGDATA")
    if ! "${PG_CTL[@]}" status >/dev/null 2>&1; then
        PG_STARTED_HERE=1
        on_exit stop_postgres_if_started
        "${PG_CTL[@]}" -l "$SAPA_PGDATA/server.log" -w start \
            -o "-k $SAPA_PGDATA -p $SAPA_PGPORT -c listen_addresses='' -c max_connections=200" >/dev/null
        log "PostgreSQL started (socket in $SAPA_PGDATA, port $SAPA_PGPORT)"
    fi
    export PGHOST="$SAPA_PGDATA" PGPORT="$SAPA_PGPORT" PGUSER=sapa
    DB_ARGS=(--db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER")
}

stop_postgres_if_started() {
    if [ "$PG_STARTED_HERE" = 1 ]; then
        "${PG_CTL[@]}" -m fast stop >/dev/null 2>&1 || true
        log "PostgreSQL stopped"
    fi
}
