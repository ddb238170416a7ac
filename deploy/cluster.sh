#!/usr/bin/env bash
# SAPA beyond one machine, rehearsed on this one: nginx + several Odoo nodes
# (--workers each) + a PostgreSQL primary and a streaming hot-standby replica,
# all on 127.0.0.1, with one shared data_dir (filestore and sessions).
#
#   deploy/cluster.sh up              bring everything up and wait; Ctrl-C stops it all
#   deploy/cluster.sh drill [ARGS]    the failover drill (deploy/failover_drill.py); when
#                                     no cluster is up, brings one up for the drill only
#   deploy/cluster.sh restore-drill   backup (deploy/backup.sh) and restore drill
#                                     (deploy/restore_drill.sh) against the cluster
#   deploy/cluster.sh status          what runs, replication state
# Used by the drill while a cluster runs (they act only on what this script started):
#   deploy/cluster.sh node-stop N [kill|drain] | node-start N
#   deploy/cluster.sh pg-restart primary|replica [SECONDS_DOWN] | pg-stop|pg-start primary|replica
#
# Settings (environment variables, all optional; ports must be free):
#   SAPA_CLUSTER_DIR        everything of the cluster  (/var/lib/sapa/cluster as root,
#                           else <repo>/.cluster)
#   SAPA_CLUSTER_DB         database                    (sapa_cluster)
#   SAPA_CLUSTER_PORT       nginx, the only entry       (8300)
#   SAPA_CLUSTER_NODES      Odoo nodes                  (2)
#   SAPA_CLUSTER_WORKERS    --workers of each node      (2)
#   SAPA_CLUSTER_NODE_PORT  node N listens on NODE_PORT+10*(N-1) (HTTP) and +1 (gevent)
#                                                       (8310: 8310/8311, 8320/8321, ...)
#   SAPA_CLUSTER_PG_PORT    PostgreSQL primary          (5470); the replica: +1 (5471)
#   SAPA_CLUSTER_UPGRADE    1: upgrade the SAPA addons when the database exists (default);
#                           0: start on the database as it is
#   SAPA_CLUSTER_FRESH      1: delete the cluster's folder first (database included)
# Also ODOO_PATH and SAPA_VENV, as for `make run`.
source "$(dirname "$0")/../scripts/common.sh"

if [ "$(id -u)" = 0 ]; then
    CLUSTER_DIR="${SAPA_CLUSTER_DIR:-/var/lib/sapa/cluster}"
else
    CLUSTER_DIR="${SAPA_CLUSTER_DIR:-$REPO/.cluster}"
fi
DB="${SAPA_CLUSTER_DB:-sapa_cluster}"
NGINX_PORT="${SAPA_CLUSTER_PORT:-8300}"
NODES="${SAPA_CLUSTER_NODES:-2}"
WORKERS="${SAPA_CLUSTER_WORKERS:-2}"
NODE_PORT="${SAPA_CLUSTER_NODE_PORT:-8310}"
PRIMARY_PORT="${SAPA_CLUSTER_PG_PORT:-5470}"
REPLICA_PORT="$((PRIMARY_PORT + 1))"
DB_USER=sapa
REPLICATION_USER=replicator
SLOT=sapa_replica
# Odoo's limit_time_real; nginx waits longer (sapa-locations.conf), and a stopping
# node is given this long to finish its requests.
LIMIT_TIME_REAL=240

PRIMARY_DATA="$CLUSTER_DIR/pg-primary"
REPLICA_DATA="$CLUSTER_DIR/pg-replica"
PG_SOCKETS="$CLUSTER_DIR/pg-sockets"
WAL_ARCHIVE="$CLUSTER_DIR/wal-archive"
DATA_DIR="$CLUSTER_DIR/data"          # the "NFS" folder shared by every node
ETC="$CLUSTER_DIR/etc"
LOGS="$CLUSTER_DIR/logs"
PIDS="$CLUSTER_DIR/pids"
NGINX_PREFIX="$CLUSTER_DIR/nginx"
STATE="$CLUSTER_DIR/cluster.env"
OWNER_PID="$PIDS/cluster.pid"

node_http_port() { echo "$((NODE_PORT + 10 * ($1 - 1)))"; }
node_gevent_port() { echo "$((NODE_PORT + 10 * ($1 - 1) + 1))"; }

if [ "$(id -u)" = 0 ]; then
    AS_PG=(runuser -u postgres --)
    PG_OWNER=postgres
    NGINX_USER=www-data
else
    AS_PG=()
    PG_OWNER="$(id -un)"
    NGINX_USER=""
fi

pg_bin() {
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -x "$bin/pg_ctl" ] || die "PostgreSQL server binaries not found (apt-get install postgresql)"
    echo "$bin"
}
PGBIN="$(pg_bin)"

pg_ctl_on() { "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$1" "${@:2}"; }
# Superuser psql through the private unix socket (trust there; the folder is the
# cluster owner's only).
psql_on() {
    local port="$1"
    shift
    "${AS_PG[@]}" env PGOPTIONS="-c client_min_messages=warning" \
        psql -h "$PG_SOCKETS" -p "$port" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"
}

render() { "$PY" "$REPO/deploy/render.py" "$@"; }

# --- Packages -------------------------------------------------------------------
ensure_nginx() {
    command -v nginx >/dev/null && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing Debian's nginx"
        apt-get update -qq
        # policy-rc.d may let the package start Debian's default site on port 80:
        # the cluster never uses it; stop it only if this installation started it.
        local before
        before="$(pgrep -x nginx || true)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
        if [ -z "$before" ] && [ -f /run/nginx.pid ]; then
            kill -QUIT "$(cat /run/nginx.pid)" 2>/dev/null || true
        fi
    else
        die "nginx is missing (apt-get install nginx, as root)"
    fi
}

# --- Secrets (generated once, kept with the cluster) -------------------------------
load_secrets() {
    local file="$CLUSTER_DIR/secrets.env"
    if [ ! -f "$file" ]; then
        (
            umask 077
            printf 'DB_PASSWORD=%s\nREPLICATION_PASSWORD=%s\nADMIN_PASSWD=%s\n' \
                "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
                "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
                "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" >"$file"
        )
    fi
    # shellcheck disable=SC1090
    source "$file"
}

# --- PostgreSQL primary -----------------------------------------------------------
PG_VALUES=()
pg_values() {
    PG_VALUES=(
        --set LISTEN_ADDRESSES=127.0.0.1
        --set MAX_CONNECTIONS=200
        --set MAX_SLOT_WAL_KEEP_SIZE=2GB
        --set "ARCHIVE_COMMAND=test ! -f $WAL_ARCHIVE/%f && cp %p $WAL_ARCHIVE/%f"
    )
}

# The configuration files of one server (rendered at every start, so that a
# change of the templates reaches an existing cluster): configure_pg DATA ROLE PORT
configure_pg() {
    local data="$1" role="$2" port="$3"
    pg_values
    render "$REPO/deploy/postgresql/$role.conf.tmpl" "${PG_VALUES[@]}" --set "PORT=$port" \
        --out "$CLUSTER_DIR/tmp.conf"
    "${AS_PG[@]}" cp "$CLUSTER_DIR/tmp.conf" "$data/sapa.conf"
    # The restore drill restores into a new database on this server: all databases.
    render "$REPO/deploy/postgresql/pg_hba.conf.tmpl" --set LOCAL_METHOD=trust \
        --set DATABASES=all --set "DB_USER=$DB_USER" --set ODOO_NETWORK=127.0.0.1/32 \
        --set "REPLICATION_USER=$REPLICATION_USER" --set REPLICA_NETWORK=127.0.0.1/32 \
        --out "$CLUSTER_DIR/tmp.conf"
    "${AS_PG[@]}" cp "$CLUSTER_DIR/tmp.conf" "$data/pg_hba.conf"
    rm -f "$CLUSTER_DIR/tmp.conf"
    # What only this loopback rehearsal needs: its own socket folder.
    printf "# deploy/cluster.sh: loopback rehearsal only\nunix_socket_directories = '%s'\n" \
        "$PG_SOCKETS" | "${AS_PG[@]}" tee "$data/cluster.conf" >/dev/null
}

init_primary() {
    if [ ! -f "$PRIMARY_DATA/PG_VERSION" ]; then
        log "creating the PostgreSQL primary in $PRIMARY_DATA"
        "${AS_PG[@]}" "$PGBIN/initdb" -D "$PRIMARY_DATA" -U postgres --auth-local=trust \
            --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
        printf "include 'sapa.conf'\ninclude 'cluster.conf'\n" \
            | "${AS_PG[@]}" tee -a "$PRIMARY_DATA/postgresql.conf" >/dev/null
    fi
    configure_pg "$PRIMARY_DATA" primary "$PRIMARY_PORT"
}

PRIMARY_STARTED=0
REPLICA_STARTED=0
start_pg() {  # start_pg DATA NAME
    if pg_ctl_on "$1" status >/dev/null 2>&1; then
        # Only this script starts a server on this folder, and no other run of it
        # is alive (up() checked): a previous run was killed before its clean-up.
        log "PostgreSQL $2 still running from a previous run that was killed: adopted"
        return 0
    fi
    pg_ctl_on "$1" -l "$LOGS/pg-$2.log" -w -t 120 start >/dev/null \
        || { tail -n 20 "$LOGS/pg-$2.log" >&2; die "PostgreSQL $2 did not start"; }
    return 0
}
stop_pg() {  # stop_pg DATA NAME
    pg_ctl_on "$1" -m fast -w -t 60 stop >/dev/null 2>&1 && log "PostgreSQL $2 stopped"
    return 0
}

setup_roles() {
    psql_on "$PRIMARY_PORT" -d postgres -o /dev/null -v pw="$DB_PASSWORD" -v rpw="$REPLICATION_PASSWORD" <<SQL
SELECT 'CREATE ROLE $DB_USER LOGIN CREATEDB'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER') \gexec
SELECT 'CREATE ROLE $REPLICATION_USER LOGIN REPLICATION'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$REPLICATION_USER') \gexec
ALTER ROLE $DB_USER PASSWORD :'pw';
ALTER ROLE $REPLICATION_USER PASSWORD :'rpw';
SELECT pg_create_physical_replication_slot('$SLOT')
 WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '$SLOT');
SQL
}

# --- Odoo configuration -------------------------------------------------------------
render_node_conf() {  # render_node_conf N
    local n="$1"
    render "$REPO/deploy/odoo/odoo.conf.tmpl" \
        --set "NODE_NAME=node$n" --set "ADDONS_PATH=$ADDONS_PATH" --set "DATA_DIR=$DATA_DIR" \
        --set DB_HOST=127.0.0.1 --set "DB_PORT=$PRIMARY_PORT" \
        --set "DB_USER=$DB_USER" --set "DB_PASSWORD=$DB_PASSWORD" --set DB_SSLMODE=disable \
        --set DB_REPLICA_HOST=127.0.0.1 --set "DB_REPLICA_PORT=$REPLICA_PORT" \
        --set DB_MAXCONN=16 --set "DB_NAME=$DB" --set "DB_FILTER=^$DB\$" \
        --set "ADMIN_PASSWD=$ADMIN_PASSWD" --set HTTP_INTERFACE=127.0.0.1 \
        --set "HTTP_PORT=$(node_http_port "$n")" --set "GEVENT_PORT=$(node_gevent_port "$n")" \
        --set "WORKERS=$WORKERS" --set CRON_THREADS=1 \
        --set LIMIT_MEMORY_SOFT=2147483648 --set LIMIT_MEMORY_HARD=2684354560 \
        --set LIMIT_TIME_CPU=120 --set "LIMIT_TIME_REAL=$LIMIT_TIME_REAL" \
        --set LIMIT_TIME_REAL_CRON=300 --set "LOGFILE=$LOGS/node$n.log" \
        --mode 0600 --out "$ETC/node$n.conf"
}

odoo_once() {  # odoo_once ARGS...: odoo-bin with node 1's configuration, no HTTP
    "$PY" "$ODOO_PATH/odoo-bin" -c "$ETC/node1.conf" --workers=0 --max-cron-threads=0 \
        --no-http --stop-after-init --logfile="$LOGS/odoo-once.log" "$@"
}

prepare_database() {
    local exists
    exists="$(psql_on "$PRIMARY_PORT" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")"
    : >"$LOGS/odoo-once.log"
    if [ "$exists" != 1 ]; then
        log "creating database $DB with $SAPA_MODULES and demo data (a minute or two)"
        odoo_once -i "$SAPA_MODULES" \
            || { tail -n 40 "$LOGS/odoo-once.log" >&2; die "installing the addons failed"; }
    elif [ "${SAPA_CLUSTER_UPGRADE:-1}" = 1 ]; then
        log "database $DB exists: upgrading the SAPA addons (data kept)"
        odoo_once -u "$SAPA_MODULES" \
            || { tail -n 40 "$LOGS/odoo-once.log" >&2; die "upgrading the addons failed"; }
    fi
    # Statistics of statements, per server: how the drill sees where reads went.
    psql_on "$PRIMARY_PORT" -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
}

# --- Replica ------------------------------------------------------------------------
init_replica() {
    if [ -f "$REPLICA_DATA/PG_VERSION" ] && [ -f "$REPLICA_DATA/standby.signal" ]; then
        configure_pg "$REPLICA_DATA" replica "$REPLICA_PORT"
        return
    fi
    log "copying the primary into a hot standby (pg_basebackup -R) in $REPLICA_DATA"
    rm -rf "$REPLICA_DATA"
    mkdir -m 700 "$REPLICA_DATA"
    chown "$PG_OWNER" "$REPLICA_DATA"
    # -R writes standby.signal and primary_conninfo; -S streams from the slot, so the
    # primary keeps whatever WAL the standby has not received yet.
    "${AS_PG[@]}" env PGPASSWORD="$REPLICATION_PASSWORD" "$PGBIN/pg_basebackup" \
        -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$REPLICATION_USER" -D "$REPLICA_DATA" \
        -R -X stream -S "$SLOT" --checkpoint=fast
    configure_pg "$REPLICA_DATA" replica "$REPLICA_PORT"
}

wait_streaming() {
    local i state
    for i in $(seq 1 60); do
        state="$(psql_on "$PRIMARY_PORT" -d postgres -tAc \
            "SELECT state FROM pg_stat_replication WHERE application_name <> '' LIMIT 1" || true)"
        if [ "$state" = streaming ] \
           && [ "$(psql_on "$REPLICA_PORT" -d postgres -tAc 'SELECT pg_is_in_recovery()')" = t ]; then
            return 0
        fi
        sleep 1
    done
    die "the replica is not streaming from the primary (see $LOGS/pg-replica.log)"
}

# --- Odoo nodes (each in its own session, so that it can be stopped alone) ---------------
node_pid() { cat "$PIDS/node$1.pid" 2>/dev/null || true; }

# True if PID is alive and is an odoo-bin started with this cluster's configuration.
is_our_process() {
    local pid="$1" pattern="$2"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
        && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern"
}

node_start() {
    local n="$1" pid
    pid="$(node_pid "$n")"
    if is_our_process "$pid" "$ETC/node$n.conf"; then
        log "node $n already runs (pid $pid)"
        return
    fi
    # odoo-bin becomes a session leader (its pid is its process group), and holds
    # none of this script's file descriptors.
    "$PY" -c 'import os, sys; os.setsid(); os.execv(sys.argv[1], sys.argv[1:])' \
        "$PY" "$ODOO_PATH/odoo-bin" -c "$ETC/node$n.conf" \
        </dev/null >>"$LOGS/node$n.stderr" 2>&1 &
    echo $! >"$PIDS/node$n.pid"
    log "node $n started (pid $!, http 127.0.0.1:$(node_http_port "$n"), gevent $(node_gevent_port "$n"))"
}

node_stop() {  # node_stop N [kill]: graceful stop, or a crash (KILL the whole node)
    local n="$1" mode="${2:-}" pid waited=0
    pid="$(node_pid "$n")"
    if ! is_our_process "$pid" "$ETC/node$n.conf"; then
        rm -f "$PIDS/node$n.pid"
        return 0
    fi
    if [ "$mode" = kill ]; then
        kill -KILL -- "-$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        rm -f "$PIDS/node$n.pid"
        log "node $n killed"
        return 0
    fi
    # TERM to the prefork master only: it stops accepting, lets each worker finish its
    # request (up to limit_time_real), then exits. (A TERM to the whole group would
    # kill the workers mid-request.) Whatever is left of the group after that: KILL.
    kill -TERM "$pid" 2>/dev/null
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "$(((LIMIT_TIME_REAL + 10) * 10))" ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$PIDS/node$n.pid"
    log "node $n stopped"
}

wait_node() {
    local n="$1" i
    for i in $(seq 1 120); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
                "http://127.0.0.1:$(node_http_port "$n")/web/health")" = 200 ]; then
            return 0
        fi
        is_our_process "$(node_pid "$n")" "$ETC/node$n.conf" \
            || { tail -n 30 "$LOGS/node$n.log" "$LOGS/node$n.stderr" >&2 2>/dev/null; die "node $n died"; }
        sleep 1
    done
    die "node $n does not answer /web/health (see $LOGS/node$n.log)"
}

# --- nginx ----------------------------------------------------------------------------
DRAINED="$CLUSTER_DIR/drained-nodes"
render_nginx() {
    local servers="" gevents="" n down
    for n in $(seq 1 "$NODES"); do
        # A drained node gets no new request (its requests in flight end normally).
        down=""
        grep -qx "$n" "$DRAINED" 2>/dev/null && down=" down"
        servers+="server 127.0.0.1:$(node_http_port "$n") max_fails=1 fail_timeout=10s$down; "
        gevents+="server 127.0.0.1:$(node_gevent_port "$n") max_fails=1 fail_timeout=10s$down; "
    done
    mkdir -p "$NGINX_PREFIX"/{logs,tmp,html}
    for n in body proxy fastcgi uwsgi scgi; do mkdir -p "$NGINX_PREFIX/tmp/$n"; done
    [ -n "$NGINX_USER" ] && chown -R "$NGINX_USER" "$NGINX_PREFIX/tmp"
    render "$REPO/deploy/nginx/sapa-upstreams.conf.tmpl" \
        --set "ODOO_HTTP_SERVERS=$servers" --set "ODOO_GEVENT_SERVERS=$gevents" \
        --out "$ETC/sapa-upstreams.conf"
    render "$REPO/deploy/nginx/sapa-locations.conf.tmpl" --set "STATIC_ROOT=$NGINX_PREFIX/html" \
        --out "$ETC/sapa-locations.conf"
    local user_line="# (not root: nginx's workers run as $(id -un))"
    [ -n "$NGINX_USER" ] && user_line="user $NGINX_USER;"
    render "$REPO/deploy/nginx/cluster-nginx.conf.tmpl" --set "NGINX_USER_LINE=$user_line" \
        --set "NGINX_PREFIX=$NGINX_PREFIX" --set "ETC_DIR=$ETC" --set "LISTEN_PORT=$NGINX_PORT" \
        --out "$ETC/nginx.conf"
    local page
    for page in sapa-unavailable:sapa-maintenance sapa-too-large:sapa-too-large \
                sapa-receipt-pending:sapa-receipt-pending; do
        render "$REPO/deploy/maintenance/${page#*:}.html.tmpl" \
            --set "QUICK_EXIT_URL=https://www.google.com/search?q=cuaca+hari+ini" \
            --out "$NGINX_PREFIX/html/${page%%:*}.html"
    done
    nginx -t -q -p "$NGINX_PREFIX" -c "$ETC/nginx.conf" -g "error_log stderr;" \
        || die "nginx refuses $ETC/nginx.conf"
}

# Take a node out of nginx (drain) or put it back, for a planned restart:
# set_drained N 1|0
set_drained() {
    local n="$1" on="$2" pid
    touch "$DRAINED"
    grep -vx "$n" "$DRAINED" >"$DRAINED.new" || true
    [ "$on" = 1 ] && echo "$n" >>"$DRAINED.new"
    mv "$DRAINED.new" "$DRAINED"
    render_nginx
    pid="$(cat "$NGINX_PREFIX/nginx.pid" 2>/dev/null || true)"
    if is_our_process "$pid" "$ETC/nginx.conf"; then
        kill -HUP "$pid"
        # The new configuration applies once nginx's new workers have started.
        sleep 1
    fi
    [ "$on" = 1 ] && log "node $n drained (no new request through nginx)" \
        || log "node $n back in nginx"
    return 0
}

NGINX_STARTED=0
start_nginx() {
    local pid
    pid="$(cat "$NGINX_PREFIX/nginx.pid" 2>/dev/null || true)"
    if is_our_process "$pid" "$ETC/nginx.conf"; then
        log "nginx already runs (pid $pid): reloading its configuration"
        kill -HUP "$pid"
        return
    fi
    nginx -p "$NGINX_PREFIX" -c "$ETC/nginx.conf" </dev/null
    NGINX_STARTED=1
    log "nginx started on http://127.0.0.1:$NGINX_PORT"
}
stop_nginx() {
    local pid waited=0
    pid="$(cat "$NGINX_PREFIX/nginx.pid" 2>/dev/null || true)"
    is_our_process "$pid" "$ETC/nginx.conf" || return 0
    kill -TERM "$pid" 2>/dev/null
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
    log "nginx stopped"
}

write_state() {
    (
        umask 077
        {
            echo "# written by deploy/cluster.sh up; read by deploy/failover_drill.py"
            echo "CLUSTER_DIR=$CLUSTER_DIR"
            echo "URL=http://127.0.0.1:$NGINX_PORT"
            echo "DB=$DB"
            echo "DB_USER=$DB_USER"
            echo "DB_PASSWORD=$DB_PASSWORD"
            echo "PRIMARY_PORT=$PRIMARY_PORT"
            echo "REPLICA_PORT=$REPLICA_PORT"
            echo "NODES=$NODES"
            echo "WORKERS=$WORKERS"
            local n
            for n in $(seq 1 "$NODES"); do
                echo "NODE${n}_HTTP=127.0.0.1:$(node_http_port "$n")"
                echo "NODE${n}_LOG=$LOGS/node$n.log"
            done
            echo "NGINX_ACCESS_LOG=$NGINX_PREFIX/logs/access.log"
            echo "DATA_DIR=$DATA_DIR"
        } >"$STATE"
    )
}

cluster_running() {
    local pid
    pid="$(cat "$OWNER_PID" 2>/dev/null || true)"
    [ -n "$pid" ] && [ "$pid" != "$$" ] && kill -0 "$pid" 2>/dev/null \
        && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "deploy/cluster.sh"
}

stop_all() {
    local n
    stop_nginx
    for n in $(seq 1 "$NODES"); do node_stop "$n"; done
    [ "$REPLICA_STARTED" = 1 ] && stop_pg "$REPLICA_DATA" replica
    [ "$PRIMARY_STARTED" = 1 ] && stop_pg "$PRIMARY_DATA" primary
    rm -f "$OWNER_PID" "$STATE"
}

up() {
    cluster_running && die "a cluster already runs from $CLUSTER_DIR (pid $(cat "$OWNER_PID")); \
use it, or stop it with Ctrl-C where it runs"
    "$REPO/scripts/system-packages.sh"
    ensure_nginx
    ensure_venv
    ensure_odoo
    if [ "${SAPA_CLUSTER_FRESH:-0}" = 1 ] && [ -d "$CLUSTER_DIR" ]; then
        log "SAPA_CLUSTER_FRESH=1: deleting $CLUSTER_DIR"
        rm -rf "$CLUSTER_DIR"
    fi
    mkdir -p "$CLUSTER_DIR" "$ETC" "$LOGS" "$PIDS" "$DATA_DIR" "$PG_SOCKETS" "$WAL_ARCHIVE" \
        "$PRIMARY_DATA" "$REPLICA_DATA"
    # postgres and nginx's workers reach their own folders, nothing else.
    chmod 711 "$CLUSTER_DIR"
    chmod 700 "$ETC" "$DATA_DIR" "$PIDS"
    chown "$PG_OWNER" "$PG_SOCKETS" "$WAL_ARCHIVE" "$LOGS" "$PRIMARY_DATA" "$REPLICA_DATA"
    chmod 700 "$PG_SOCKETS" "$WAL_ARCHIVE" "$PRIMARY_DATA" "$REPLICA_DATA"
    echo $$ >"$OWNER_PID"
    on_exit stop_all
    load_secrets

    init_primary
    start_pg "$PRIMARY_DATA" primary && PRIMARY_STARTED=1
    setup_roles
    local n
    for n in $(seq 1 "$NODES"); do render_node_conf "$n"; done
    prepare_database
    init_replica
    start_pg "$REPLICA_DATA" replica && REPLICA_STARTED=1
    wait_streaming
    log "replica streaming from the primary (127.0.0.1:$REPLICA_PORT <- :$PRIMARY_PORT)"

    for n in $(seq 1 "$NODES"); do node_start "$n"; done
    for n in $(seq 1 "$NODES"); do wait_node "$n"; done
    rm -f "$DRAINED"
    render_nginx
    start_nginx
    local code
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -H 'Accept-Language: id-ID' \
        "http://127.0.0.1:$NGINX_PORT/sapa/pengaduan")"
    [ "$code" = 200 ] || die "the complaint form through nginx answers $code"
    write_state
}

status() {
    [ -f "$STATE" ] || { echo "no cluster state in $CLUSTER_DIR"; return 1; }
    local n
    for n in $(seq 1 "$NODES"); do
        if is_our_process "$(node_pid "$n")" "$ETC/node$n.conf"; then
            echo "node $n: running (pid $(node_pid "$n"), 127.0.0.1:$(node_http_port "$n"))"
        else
            echo "node $n: stopped"
        fi
    done
    pg_ctl_on "$PRIMARY_DATA" status >/dev/null 2>&1 && echo "primary: running" || echo "primary: stopped"
    pg_ctl_on "$REPLICA_DATA" status >/dev/null 2>&1 && echo "replica: running" || echo "replica: stopped"
    psql_on "$PRIMARY_PORT" -d postgres -c \
        "SELECT application_name, state, sent_lsn, replay_lsn, replay_lag FROM pg_stat_replication" || true
}

banner() {
    cat >&2 <<MSG

  SAPA cluster: nginx http://127.0.0.1:$NGINX_PORT  (form: /sapa/pengaduan, backend: /odoo)
    $NODES Odoo nodes x --workers=$WORKERS: $(for n in $(seq 1 "$NODES"); do printf '127.0.0.1:%s ' "$(node_http_port "$n")"; done)
    PostgreSQL primary 127.0.0.1:$PRIMARY_PORT, hot standby 127.0.0.1:$REPLICA_PORT (streaming)
    shared data_dir (filestore + sessions): $DATA_DIR
    logs: $LOGS, $NGINX_PREFIX/logs
  Failover drill (other terminal): make cluster-drill     Ctrl-C stops everything.

MSG
}

command="${1:-up}"
[ $# -gt 0 ] && shift
case "$command" in
    up)
        up
        banner
        while true; do
            sleep 3600 &
            wait $! || true
        done
        ;;
    drill)
        ensure_venv
        ensure_odoo  # the drill shares the benchmarks' kanban calls (bench/bench_kanban.py)
        if ! cluster_running; then
            log "no cluster runs: bringing one up for the drill (it stops afterwards)"
            up
        fi
        "$PY" "$REPO/deploy/failover_drill.py" --state "$STATE" "$@"
        ;;
    restore-drill)
        ensure_venv
        ensure_odoo
        if ! cluster_running; then
            log "no cluster runs: bringing one up for the restore drill (it stops afterwards)"
            up
        fi
        load_secrets
        SAPA_BACKUP_DIR="$CLUSTER_DIR/backups" PGHOST=127.0.0.1 PGPORT="$PRIMARY_PORT" \
            PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD" SAPA_DATA_DIR="$DATA_DIR" \
            "$REPO/deploy/backup.sh" "$DB"
        SAPA_BACKUP_DIR="$CLUSTER_DIR/backups" PGHOST=127.0.0.1 PGPORT="$PRIMARY_PORT" \
            PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD" SAPA_DATA_DIR="$DATA_DIR" \
            SAPA_ODOO_CONF="$ETC/node1.conf" "$REPO/deploy/restore_drill.sh" "$DB"
        ;;
    status) status ;;
    node-stop)
        # node-stop N [kill|drain]: graceful (the default), a crash, or a planned
        # stop (out of nginx first, then the requests in flight end, then stop).
        ensure_venv
        if [ "${2:-}" = drain ]; then
            set_drained "${1:?node number}" 1
            sleep 2
        fi
        node_stop "${1:?node number}" "${2:-}"
        ;;
    node-start)
        ensure_venv
        ensure_odoo
        node_start "${1:?node number}"
        wait_node "$1"
        if grep -qx "$1" "$DRAINED" 2>/dev/null; then set_drained "$1" 0; fi
        ;;
    pg-restart | pg-start | pg-stop)
        case "${1:-}" in
            primary) data="$PRIMARY_DATA" ;;
            replica) data="$REPLICA_DATA" ;;
            *) die "$command primary|replica [seconds down]" ;;
        esac
        if [ "$command" = pg-stop ]; then
            pg_ctl_on "$data" -m fast -w -t 120 stop >/dev/null
            log "PostgreSQL $1 stopped"
            exit 0
        fi
        if [ "$command" = pg-restart ]; then
            # Fast shutdown: open transactions are rolled back, connections cut, as
            # when the service is restarted or the host reboots.
            pg_ctl_on "$data" -m fast -w -t 120 stop >/dev/null
            log "PostgreSQL $1 stopped"
            sleep "${2:-0}"
        fi
        pg_ctl_on "$data" status >/dev/null 2>&1 \
            || pg_ctl_on "$data" -w -t 120 -l "$LOGS/pg-$1.log" start >/dev/null
        log "PostgreSQL $1 running"
        ;;
    *) die "unknown command $command (up, drill, restore-drill, status)" ;;
esac
