#!/usr/bin/env bash
# RabbitMQ, PostgreSQL, a single-node Slurm (deps-slurm.sh) and the Pub/Sub emulator (deps-pubsub.sh) on loopback, private to one
# run directory, for tests and the local topology.
#
#   deploy/local/deps.sh start [postgres] [rabbitmq] [slurm] [pubsub]   start them, all by default (or reuse them if
#                                                      already up), then print the env exports
#   deploy/local/deps.sh stop [postgres] [rabbitmq] [slurm] [pubsub]    stop them, all by default
#   deploy/local/deps.sh env     print the env exports (eval "$(deploy/local/deps.sh env)")
#   deploy/local/deps.sh status
#   deploy/local/deps.sh rabbitmqctl list_queues    (any rabbitmqctl/rabbitmq-diagnostics command, against our node)
#
# Settings (environment):
#   MICRO_TEST_RUN_DIR          data, logs and pid files        (default /tmp/micro-test)
#   MICRO_TEST_PG_PORT          PostgreSQL port                 (default 55432)
#   MICRO_TEST_RABBITMQ_PORT    AMQP port                       (default 55672)
#   MICRO_TEST_RABBITMQ_DIST_PORT, MICRO_TEST_EPMD_PORT         (default AMQP port + 1, + 2)
#   MICRO_TEST_START_TIMEOUT    seconds to wait for each one    (default 180)
#   MICRO_DEPS_PERSISTENT=1     keep the data (see below)
#
# Every fresh start wipes the run directory's data, so each run begins from empty servers; a start that finds
# them already answering reuses them as they are. With MICRO_DEPS_PERSISTENT=1 the data is kept across stops
# and reboots instead (deploy/local/distributed.sh), and PostgreSQL asks for the password MICRO_POSTGRES_PASSWORD
# (required then; set at the cluster's first start) rather than trusting every local connection. The password is
# never written to disk: initdb reads it from a pipe.
#
# Sourcing this file only defines functions: test.sh uses deps_start, which records in DEPS_STARTED what it
# launched itself, so that it stops only those.

DEPS_RUN_DIR=${MICRO_TEST_RUN_DIR:-/tmp/micro-test}
DEPS_PG_PORT=${MICRO_TEST_PG_PORT:-55432}
DEPS_RMQ_PORT=${MICRO_TEST_RABBITMQ_PORT:-55672}
# RabbitMQ's default distribution port is AMQP + 20000, which is past 65535 for our AMQP port.
DEPS_RMQ_DIST_PORT=${MICRO_TEST_RABBITMQ_DIST_PORT:-$((DEPS_RMQ_PORT + 1))}
# A private epmd, so that we neither need nor disturb a system broker's epmd on 4369.
DEPS_EPMD_PORT=${MICRO_TEST_EPMD_PORT:-$((DEPS_RMQ_PORT + 2))}
DEPS_TIMEOUT=${MICRO_TEST_START_TIMEOUT:-180}
DEPS_PG_BIN=${MICRO_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}
DEPS_RMQ_BIN=/usr/lib/rabbitmq/bin
DEPS_PERSISTENT=${MICRO_DEPS_PERSISTENT:-0}

DEPS_PG_DIR=$DEPS_RUN_DIR/postgres
DEPS_PGDATA=$DEPS_PG_DIR/data
# Where an earlier version kept the generated password; only looked at to tell its owner what to do.
DEPS_LEGACY_PASSWORD_FILE=$DEPS_RUN_DIR/postgres.password
DEPS_RMQ_DIR=$DEPS_RUN_DIR/rabbitmq
DEPS_RMQ_NODE=micro-test-$DEPS_RMQ_PORT@localhost

DEPS_STARTED=()

# shellcheck source=deploy/local/deps-slurm.sh
source "$(dirname "${BASH_SOURCE[0]}")/deps-slurm.sh"

# shellcheck source=deploy/local/deps-pubsub.sh
source "$(dirname "${BASH_SOURCE[0]}")/deps-pubsub.sh"

deps_log() { printf '%s\n' "$*" >&2; }
deps_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

deps_env() {
    printf "export MICRO_TEST_POSTGRES='Host=127.0.0.1;Port=%s;Username=postgres;Password=%s'\n" "$DEPS_PG_PORT" "$(deps_pg_password)"
    printf "export MICRO_TEST_RABBITMQ='amqp://guest:guest@127.0.0.1:%s/'\n" "$DEPS_RMQ_PORT"
    deps_slurm_env
    deps_pubsub_env
}

deps_start() { # [postgres] [rabbitmq] [slurm] [pubsub]; all when none given
    local what=("$@")
    ((${#what[@]})) || what=(postgres rabbitmq slurm pubsub)
    deps_lock
    local w
    for w in "${what[@]}"; do
        case $w in
            postgres) deps_reserve_ports "$DEPS_PG_PORT"; deps_pg_start ;;
            rabbitmq) deps_reserve_ports "$DEPS_RMQ_PORT" "$DEPS_RMQ_DIST_PORT" "$DEPS_EPMD_PORT"; deps_rmq_start ;;
            slurm) deps_reserve_ports "$DEPS_SLURMCTLD_PORT" "$DEPS_SLURMD_PORT" "$DEPS_SLURMRESTD_PORT"; deps_slurm_start ;;
            pubsub) deps_reserve_ports "$DEPS_PUBSUB_PORT"; deps_pubsub_start ;;
            *) deps_die "unknown server '$w' (postgres, rabbitmq, slurm or pubsub)" ;;
        esac
    done
    deps_unlock
}

deps_stop() { # [postgres] [rabbitmq] [slurm] [pubsub]; all when none given
    local what=("$@")
    ((${#what[@]})) || what=(pubsub slurm rabbitmq postgres)
    deps_lock
    local w
    for w in "${what[@]}"; do
        case $w in
            postgres) deps_pg_stop ;;
            rabbitmq) deps_rmq_stop ;;
            slurm) deps_slurm_stop ;;
            pubsub) deps_pubsub_stop ;;
        esac
    done
    deps_unlock
}

deps_status() {
    local rc=0
    if deps_pg_ready; then deps_log "postgres: up on 127.0.0.1:$DEPS_PG_PORT"; else deps_log "postgres: down"; rc=1; fi
    if deps_amqp_ready; then deps_log "rabbitmq: up on 127.0.0.1:$DEPS_RMQ_PORT"; else deps_log "rabbitmq: down"; rc=1; fi
    deps_slurm_status || rc=1
    if deps_pubsub_ready; then deps_log "pubsub: up on 127.0.0.1:$DEPS_PUBSUB_PORT"; else deps_log "pubsub: down"; rc=1; fi
    return $rc
}

# Serialises start/stop between concurrent invocations on one run directory; released before tests run.
# Re-entrant, because an exit trap may stop things while a failed start still holds the lock.
DEPS_LOCK_FD=
deps_lock() {
    [[ -z $DEPS_LOCK_FD ]] || return 0
    mkdir -p "$DEPS_RUN_DIR"
    exec {DEPS_LOCK_FD}>"$DEPS_RUN_DIR/.lock"
    flock -w "$DEPS_TIMEOUT" "$DEPS_LOCK_FD" || deps_die "another process holds $DEPS_RUN_DIR/.lock"
}
# For anything that leaves a daemon behind: an inherited lock fd would keep the lock taken for the daemon's life.
deps_without_lock() {
    if [[ -n $DEPS_LOCK_FD ]]; then "$@" {DEPS_LOCK_FD}>&-; else "$@"; fi
}
deps_unlock() {
    [[ -n $DEPS_LOCK_FD ]] || return 0
    exec {DEPS_LOCK_FD}>&-
    DEPS_LOCK_FD=
}

deps_tail() { # file...
    local f
    for f in "$@"; do
        [[ -f $f ]] || continue
        printf -- '----- last lines of %s -----\n' "$f" >&2
        tail -n 40 "$f" >&2
    done
}

deps_wait() { # command...: retried until it succeeds; gives up at the timeout or when it returns 2
    local deadline=$((SECONDS + DEPS_TIMEOUT)) rc
    while :; do
        "$@" && return 0 || rc=$?
        ((rc != 2 && SECONDS < deadline)) || return 1
        sleep 0.5
    done
}

# A zombie counts as dead: where pid 1 does not reap orphans, they linger after a stop.
deps_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null && [[ $(ps -o stat= -p "$1") != Z* ]]; }

deps_term_wait() { # pid, what to SIGKILL after 60 s
    kill -TERM "$1" 2>/dev/null || true
    local deadline=$((SECONDS + 60))
    while deps_alive "$1" && ((SECONDS < deadline)); do sleep 0.5; done
    if deps_alive "$1"; then kill -KILL -- "$2" 2>/dev/null || true; fi
}

deps_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Our ports lie in Linux's ephemeral range (32768-60999). A client socket that was handed one as its local port
# blocks our bind for as long as it lingers in TIME_WAIT (seen here after a busy run); reserved ports are never
# handed out. Best effort: needs root and a writable /proc/sys, and lasts until reboot.
deps_reserve_ports() { # port...
    local f=/proc/sys/net/ipv4/ip_local_reserved_ports cur p range missing=()
    [[ -w $f ]] || return 0
    cur=$(<"$f")
    for p in "$@"; do
        for range in ${cur//,/ }; do
            ((p >= ${range%-*} && p <= ${range#*-})) && continue 2
        done
        missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    local IFS=,
    if echo "${cur:+$cur,}${missing[*]}" 2>/dev/null >"$f"; then
        deps_log "reserved ports ${missing[*]} (net.ipv4.ip_local_reserved_ports) so no client socket takes them"
    fi
}

deps_apt_install() { # package
    deps_log "installing $1 with apt (a minute or two) ..."
    local sudo=()
    ((EUID == 0)) || sudo=(sudo)
    mkdir -p "$DEPS_RUN_DIR"
    (
        # Postinst scripts start the system's own server on the default ports; we never use it, so keep it off.
        if [[ ! -e /usr/sbin/policy-rc.d ]]; then
            trap '"${sudo[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
            printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
            "${sudo[@]}" chmod 755 /usr/sbin/policy-rc.d
        fi
        "${sudo[@]}" apt-get update
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
            -o DPkg::Lock::Timeout=600 "$1"
    ) </dev/null >"$DEPS_RUN_DIR/apt-install.log" 2>&1 ||
        { deps_tail "$DEPS_RUN_DIR/apt-install.log"; deps_die "could not install $1"; }
}

# ---------------------------------------------------------------------------------------------------- PostgreSQL

deps_as_pg() {
    # postgres refuses to run as root.
    if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi
}

deps_pg_pid() { [[ -f $DEPS_PGDATA/postmaster.pid ]] && head -n1 "$DEPS_PGDATA/postmaster.pid"; }

deps_pg_ready() { "$DEPS_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$DEPS_PG_PORT" -t 2; }

# The throwaway servers' password is a constant (and not even asked for); a persistent server's is the operator's.
deps_pg_password() {
    if [[ $DEPS_PERSISTENT != 1 ]]; then
        printf 'postgres'
    else
        printf '%s' "${MICRO_POSTGRES_PASSWORD:-}"
    fi
}

# A persistent server's password comes from the environment only, so that no secret sits in the data directory.
deps_require_password() {
    [[ $DEPS_PERSISTENT != 1 || -n ${MICRO_POSTGRES_PASSWORD:-} ]] && return
    if [[ -s $DEPS_LEGACY_PASSWORD_FILE ]]; then
        deps_die "MICRO_POSTGRES_PASSWORD is required. An earlier version generated it and kept it in $DEPS_LEGACY_PASSWORD_FILE:
  export MICRO_POSTGRES_PASSWORD=\$(cat $DEPS_LEGACY_PASSWORD_FILE), keep it where you keep secrets, then delete that file."
    fi
    deps_die "MICRO_POSTGRES_PASSWORD is required for the persistent PostgreSQL (its password, set at its first start)"
}

deps_pg_start() {
    local pid
    pid=$(deps_pg_pid || true)
    if deps_alive "$pid"; then
        if deps_pg_ready; then
            deps_log "reusing PostgreSQL on 127.0.0.1:$DEPS_PG_PORT (pid $pid)"
            return
        fi
        deps_log "PostgreSQL in $DEPS_PGDATA (pid $pid) does not answer on port $DEPS_PG_PORT; restarting it"
        deps_pg_stop
    fi
    deps_port_open "$DEPS_PG_PORT" && deps_die "127.0.0.1:$DEPS_PG_PORT is in use by something else; set MICRO_TEST_PG_PORT"
    [[ -x $DEPS_PG_BIN/initdb || $DEPS_PG_BIN != /usr/lib/postgresql/15/bin ]] || deps_apt_install postgresql-15
    [[ -x $DEPS_PG_BIN/initdb ]] || deps_die "PostgreSQL not found in $DEPS_PG_BIN (MICRO_TEST_PG_BIN)"

    deps_require_password
    deps_log "starting PostgreSQL on 127.0.0.1:$DEPS_PG_PORT ..."
    if [[ $DEPS_PERSISTENT == 1 && -f $DEPS_PGDATA/PG_VERSION ]]; then
        deps_log "keeping the data in $DEPS_PGDATA"
    else
        deps_pg_init
    fi
    DEPS_STARTED+=(postgres)
    # The port on the command line too: a persistent cluster keeps the one it was created with in its configuration.
    if ! deps_without_lock deps_as_pg "$DEPS_PG_BIN/pg_ctl" start -D "$DEPS_PGDATA" -o "-p $DEPS_PG_PORT" -l "$DEPS_PG_DIR/postgres.log" \
        -w -t "$DEPS_TIMEOUT" >"$DEPS_PG_DIR/pg_ctl.log" 2>&1 || ! deps_wait deps_pg_ready; then
        deps_tail "$DEPS_PG_DIR/pg_ctl.log" "$DEPS_PG_DIR/postgres.log"
        deps_die "PostgreSQL did not start on 127.0.0.1:$DEPS_PG_PORT within ${DEPS_TIMEOUT}s"
    fi
    deps_log "PostgreSQL is up (data in $DEPS_PGDATA)"
}

# A new, empty cluster: whatever was in $DEPS_PG_DIR is gone.
deps_pg_init() {
    rm -rf "$DEPS_PG_DIR"
    mkdir -p "$DEPS_PG_DIR"
    if ((EUID == 0)); then
        chown postgres: "$DEPS_PG_DIR"
        deps_as_pg test -w "$DEPS_PG_DIR" ||
            deps_die "user postgres cannot reach $DEPS_PG_DIR; choose a MICRO_TEST_RUN_DIR it can traverse (e.g. under /tmp)"
    fi
    local auth=trust
    [[ $DEPS_PERSISTENT != 1 ]] || auth=scram-sha-256
    # initdb reads the password from a pipe made by a shell of its own user (it runs as postgres when we are root), which
    # gets it through the environment: never a file, nor a command line that ps shows.
    # --no-sync: a crash during setup only costs a re-init; the server itself keeps fsync on.
    DEPS_PG_SECRET=$(deps_pg_password) deps_as_pg bash -c '"$0" "$@" --pwfile=<(printf %s "$DEPS_PG_SECRET")' \
        "$DEPS_PG_BIN/initdb" -D "$DEPS_PGDATA" -U postgres \
        --auth="$auth" -E UTF8 --locale=C.UTF-8 --no-sync >"$DEPS_PG_DIR/initdb.log" 2>&1 ||
        { deps_tail "$DEPS_PG_DIR/initdb.log"; deps_die "initdb failed"; }
    # fsync and synchronous_commit stay on: durability is part of what the tests and benchmarks measure.
    cat >>"$DEPS_PGDATA/postgresql.conf" <<EOF

# --- micro test settings
listen_addresses = '127.0.0.1'
port = $DEPS_PG_PORT
unix_socket_directories = '$DEPS_PG_DIR'
max_connections = 300
fsync = on
synchronous_commit = on
full_page_writes = on
log_min_messages = warning
# Sized like a small production server rather than initdb's minimum: with 1 GB of WAL a sustained webhook load
# forces a checkpoint every few seconds, and each one turns the next writes into full-page images.
shared_buffers = 512MB
max_wal_size = 8GB
checkpoint_timeout = 15min
wal_compression = lz4
EOF
}

deps_pg_stop() {
    local pid
    pid=$(deps_pg_pid || true)
    deps_alive "$pid" || return 0
    deps_log "stopping PostgreSQL (pid $pid) ..."
    deps_as_pg "$DEPS_PG_BIN/pg_ctl" stop -D "$DEPS_PGDATA" -m fast -w -t 60 >/dev/null 2>&1 ||
        deps_as_pg "$DEPS_PG_BIN/pg_ctl" stop -D "$DEPS_PGDATA" -m immediate -w -t 30 >/dev/null 2>&1 ||
        kill -KILL "$pid" 2>/dev/null || true
}

# ------------------------------------------------------------------------------------------------------ RabbitMQ

# Points RabbitMQ's scripts at our node only: own HOME (Erlang cookie), config, data dirs and epmd, and none
# of /etc/rabbitmq. Call it in a subshell, so the caller's HOME etc. stay untouched.
deps_rmq_env() {
    export HOME=$DEPS_RMQ_DIR \
        RABBITMQ_CONF_ENV_FILE=/dev/null \
        RABBITMQ_NODENAME=$DEPS_RMQ_NODE \
        RABBITMQ_CONFIG_FILE=$DEPS_RMQ_DIR/rabbitmq.conf \
        RABBITMQ_ADVANCED_CONFIG_FILE=$DEPS_RMQ_DIR/advanced.config \
        RABBITMQ_ENABLED_PLUGINS_FILE=$DEPS_RMQ_DIR/enabled_plugins \
        RABBITMQ_MNESIA_BASE=$DEPS_RMQ_DIR/mnesia \
        RABBITMQ_LOG_BASE=$DEPS_RMQ_DIR/log \
        RABBITMQ_PID_FILE=$DEPS_RMQ_DIR/beam.pid \
        RABBITMQ_DIST_PORT=$DEPS_RMQ_DIST_PORT \
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
        ERL_EPMD_PORT=$DEPS_EPMD_PORT \
        ERL_EPMD_ADDRESS=127.0.0.1
}

deps_rmq_pid() { # the launcher script, which stops the broker gracefully on TERM
    local pid
    [[ -f $DEPS_RMQ_DIR/launcher.pid ]] || return 1
    pid=$(<"$DEPS_RMQ_DIR/launcher.pid")
    # Guard against a recycled pid from an old run.
    grep -qa rabbitmq-server "/proc/$pid/cmdline" 2>/dev/null && printf '%s\n' "$pid"
}

# A real AMQP handshake start (the broker answers the protocol header with Connection.Start, frame type 1),
# not merely an open port: the listener can be up while the broker is still booting.
deps_amqp_ready() {
    local first
    # shellcheck disable=SC2016 # expanded by the inner bash
    first=$(timeout 5 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf "AMQP\x00\x00\x09\x01" >&3
        head -c1 <&3 | od -An -tx1' _ "$DEPS_RMQ_PORT" 2>/dev/null) || return 1
    [[ ${first// /} == 01 ]]
}

deps_rmq_start() {
    local pid
    pid=$(deps_rmq_pid || true)
    if deps_alive "$pid"; then
        if deps_amqp_ready; then
            deps_log "reusing RabbitMQ on 127.0.0.1:$DEPS_RMQ_PORT (pid $pid)"
            return
        fi
        deps_log "RabbitMQ node $DEPS_RMQ_NODE (pid $pid) does not answer on port $DEPS_RMQ_PORT; restarting it"
        deps_rmq_stop
    fi
    local port
    for port in "$DEPS_RMQ_PORT" "$DEPS_RMQ_DIST_PORT"; do
        deps_port_open "$port" && deps_die "127.0.0.1:$port is in use by something else; set MICRO_TEST_RABBITMQ_PORT"
    done
    [[ -x $DEPS_RMQ_BIN/rabbitmq-server ]] || deps_apt_install rabbitmq-server

    deps_log "starting RabbitMQ on 127.0.0.1:$DEPS_RMQ_PORT (node $DEPS_RMQ_NODE) ..."
    # Persistent: the node keeps its queues and messages (mnesia); only the configuration below is written anew.
    [[ $DEPS_PERSISTENT == 1 ]] || rm -rf "$DEPS_RMQ_DIR"
    mkdir -p "$DEPS_RMQ_DIR/log"
    cat >"$DEPS_RMQ_DIR/rabbitmq.conf" <<EOF
listeners.tcp.1 = 127.0.0.1:$DEPS_RMQ_PORT
# guest/guest, which RabbitMQ accepts from loopback only.
loopback_users.guest = true
log.console = false
log.file.level = info
EOF
    # No plugins: the tests must not depend on any (the delayed-exchange one is not available in Debian).
    printf '[].\n' >"$DEPS_RMQ_DIR/enabled_plugins"
    # setsid: the broker must outlive this shell (--deps-only) and not get the terminal's Ctrl-C or hangup.
    (deps_rmq_env && exec setsid "$DEPS_RMQ_BIN/rabbitmq-server") </dev/null >"$DEPS_RMQ_DIR/stdout.log" 2>&1 {DEPS_LOCK_FD}>&- &
    pid=$!
    echo "$pid" >"$DEPS_RMQ_DIR/launcher.pid"
    DEPS_STARTED+=(rabbitmq)
    if ! deps_wait deps_rmq_answers "$pid"; then
        deps_tail "$DEPS_RMQ_DIR/stdout.log" "$DEPS_RMQ_DIR/log/$DEPS_RMQ_NODE.log"
        deps_die "RabbitMQ did not accept AMQP connections on 127.0.0.1:$DEPS_RMQ_PORT within ${DEPS_TIMEOUT}s"
    fi
    deps_log "RabbitMQ is up (logs in $DEPS_RMQ_DIR/log)"
}

deps_rmq_answers() { # launcher pid; 2 (give up) once the broker has died
    deps_amqp_ready && return 0
    deps_alive "$1" || return 2
    return 1
}

deps_rmq_stop() {
    local pid beam
    pid=$(deps_rmq_pid || true)
    if deps_alive "$pid"; then
        deps_log "stopping RabbitMQ (pid $pid) ..."
        # The launcher's whole session, should the broker not stop in time: the VM and its helpers.
        deps_term_wait "$pid" "-$pid"
    fi
    # A broker whose launcher was killed.
    beam=$(cat "$DEPS_RMQ_DIR/beam.pid" 2>/dev/null || true)
    if deps_alive "$beam" && grep -qa beam "/proc/$beam/cmdline"; then
        deps_log "stopping RabbitMQ VM (pid $beam) ..."
        deps_term_wait "$beam" "$beam"
    fi
    rm -f "$DEPS_RMQ_DIR/launcher.pid"
    # Our private epmd outlives the node; it refuses to die while some other node still uses it.
    if command -v epmd >/dev/null && deps_port_open "$DEPS_EPMD_PORT"; then
        ERL_EPMD_PORT=$DEPS_EPMD_PORT epmd -kill >/dev/null 2>&1 || true
    fi
}

# --------------------------------------------------------------------------------------------------------- main

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    case ${1:-} in
        start) shift; deps_start "$@"; deps_env ;;
        stop) shift; deps_stop "$@" ;;
        env) deps_env ;;
        status) deps_status ;;
        rabbitmqctl | rabbitmq-diagnostics | rabbitmq-queues) deps_rmq_env; exec "$DEPS_RMQ_BIN/$1" "${@:2}" ;;
        *) sed -n '2,10s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
    esac
fi
