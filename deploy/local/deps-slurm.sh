# A single-node Slurm on loopback for the runner broker's tests, sourced by deps.sh (which defines deps_log, deps_wait,
# deps_alive, ... and the run directory). Everything is private to $DEPS_RUN_DIR/slurm: munged with its own key and
# socket, slurmctld and slurmd as root on their own ports (partitions gha, the default, and 32GBRAM), and slurmrestd as
# an unprivileged user on a loopback port, authenticating requests by JWT. No system Slurm or munge is touched.
#
# Settings (environment):
#   MICRO_TEST_SLURMCTLD_PORT   slurmctld port                  (default 56817)
#   MICRO_TEST_SLURMD_PORT      slurmd port                     (default 56818)
#   MICRO_TEST_SLURMRESTD_PORT  slurmrestd port (loopback)      (default 56820)
#   MICRO_TEST_SLURM_USER       the user jobs run as, created when missing  (default micro-runner)
#
# deps_env then exports MICRO_TEST_SLURM_URL, MICRO_TEST_SLURM_JWT_KEY_FILE (readable by whoever started Slurm only),
# MICRO_TEST_SLURM_USER, MICRO_TEST_SLURM_WORK_DIR (writable by the job user and everybody, like /tmp) and
# MICRO_TEST_SLURM_CONF (for sinfo/squeue/scontrol: SLURM_CONF=$MICRO_TEST_SLURM_CONF squeue).

DEPS_SLURMCTLD_PORT=${MICRO_TEST_SLURMCTLD_PORT:-56817}
DEPS_SLURMD_PORT=${MICRO_TEST_SLURMD_PORT:-56818}
DEPS_SLURMRESTD_PORT=${MICRO_TEST_SLURMRESTD_PORT:-56820}
DEPS_SLURM_USER=${MICRO_TEST_SLURM_USER:-micro-runner}
DEPS_SLURM_DIR=$DEPS_RUN_DIR/slurm
DEPS_SLURM_CONF=$DEPS_SLURM_DIR/slurm.conf
DEPS_SLURM_JWT_KEY=$DEPS_SLURM_DIR/jwt.key
DEPS_SLURM_WORK_DIR=$DEPS_SLURM_DIR/work
DEPS_SLURM_API_VERSION=v0.0.38
# slurmrestd refuses to run as root, and as the job user it could read what jobs leave behind.
DEPS_SLURMRESTD_USER=nobody

deps_slurm_env() {
    printf "export MICRO_TEST_SLURM_URL='http://127.0.0.1:%s/'\n" "$DEPS_SLURMRESTD_PORT"
    printf "export MICRO_TEST_SLURM_JWT_KEY_FILE='%s'\n" "$DEPS_SLURM_JWT_KEY"
    printf "export MICRO_TEST_SLURM_USER='%s'\n" "$DEPS_SLURM_USER"
    printf "export MICRO_TEST_SLURM_WORK_DIR='%s'\n" "$DEPS_SLURM_WORK_DIR"
    printf "export MICRO_TEST_SLURM_CONF='%s'\n" "$DEPS_SLURM_CONF"
}

# The daemons need root; a developer who is not root is asked for sudo, as for apt.
deps_slurm_root() { if ((EUID == 0)); then "$@"; else sudo "$@"; fi; }
deps_slurm_cmd() { SLURM_CONF=$DEPS_SLURM_CONF "$@"; }
deps_slurm_root_cmd() { deps_slurm_root env SLURM_CONF="$DEPS_SLURM_CONF" "$@"; }

deps_slurm_pid() { # name: the pid in its pid file, when that process still runs the named program
    local pid
    pid=$(cat "$DEPS_SLURM_DIR/$1.pid" 2>/dev/null) || return 1
    grep -qa "$1" "/proc/$pid/cmdline" 2>/dev/null && printf '%s\n' "$pid"
}

deps_slurm_node() { hostname -s; }

deps_slurm_idle() { # 2 (give up) once slurmctld or slurmd has died
    # Checked first: slurmctld goes on calling a dead slurmd's node idle for minutes.
    deps_alive "$(deps_slurm_pid slurmctld)" && deps_alive "$(deps_slurm_pid slurmd)" || return 2
    local state
    state=$(deps_slurm_cmd timeout 10 sinfo -h -n "$(deps_slurm_node)" -o %t 2>/dev/null) || state=
    [[ $state == idle || $state == mix || $state == alloc ]]
}

# A token for the job user, minted by slurmctld from the jwt key: answers only when JWT authentication works end to end.
deps_slurmrestd_ready() {
    local token
    token=$(deps_slurm_root_cmd timeout 10 scontrol token "username=$DEPS_SLURM_USER" lifespan=60 2>/dev/null) || return 1
    token=${token#SLURM_JWT=}
    curl -fsS -o /dev/null --max-time 10 -H "X-SLURM-USER-NAME: $DEPS_SLURM_USER" -H @- \
        "http://127.0.0.1:$DEPS_SLURMRESTD_PORT/slurm/$DEPS_SLURM_API_VERSION/ping" <<<"X-SLURM-USER-TOKEN: $token" 2>/dev/null
}

deps_slurmrestd_answers() { # launcher pid
    deps_slurmrestd_ready && return 0
    deps_alive "$1" || return 2
    return 1
}

deps_slurm_status() {
    if deps_slurm_idle && deps_slurmrestd_ready; then
        deps_log "slurm: up, slurmrestd on 127.0.0.1:$DEPS_SLURMRESTD_PORT"
    else
        deps_log "slurm: down"
        return 1
    fi
}

deps_slurm_start() {
    if deps_alive "$(deps_slurm_pid slurmctld)" && deps_slurm_idle && deps_slurmrestd_ready; then
        deps_log "reusing Slurm (slurmrestd on 127.0.0.1:$DEPS_SLURMRESTD_PORT)"
        return
    fi
    # Whatever is left of an earlier run that does not answer (a daemon that died, a start cut short).
    deps_slurm_stop
    local port
    for port in "$DEPS_SLURMCTLD_PORT" "$DEPS_SLURMD_PORT" "$DEPS_SLURMRESTD_PORT"; do
        deps_port_open "$port" && deps_die "127.0.0.1:$port is in use by something else; see MICRO_TEST_SLURM*_PORT in deploy/local/deps-slurm.sh"
    done
    local package
    # auth/jwt is a plug-in package of its own, only recommended by slurmctld.
    for package in slurmctld slurmd slurmrestd munge slurm-client slurm-wlm-jwt-plugin; do
        [[ $(dpkg-query -W -f '${Status}' "$package" 2>/dev/null) == *' installed' ]] || deps_apt_install "$package"
    done

    deps_log "starting Slurm (slurmctld :$DEPS_SLURMCTLD_PORT, slurmd :$DEPS_SLURMD_PORT, slurmrestd :$DEPS_SLURMRESTD_PORT) ..."
    deps_slurm_root rm -rf "$DEPS_SLURM_DIR"
    deps_slurm_prepare
    DEPS_STARTED+=(slurm)
    deps_slurm_root munged --force --socket="$DEPS_SLURM_DIR/munge/munge.socket" --key-file="$DEPS_SLURM_DIR/munge/munge.key" \
        --pid-file="$DEPS_SLURM_DIR/munged.pid" --log-file="$DEPS_SLURM_DIR/log/munged.log" \
        --seed-file="$DEPS_SLURM_DIR/munge/munged.seed" {DEPS_LOCK_FD}>&- ||
        { deps_tail "$DEPS_SLURM_DIR/log/munged.log"; deps_die "munged did not start"; }
    # Both fork into the background once they are listening.
    deps_slurm_root slurmctld -f "$DEPS_SLURM_CONF" </dev/null >"$DEPS_SLURM_DIR/log/slurmctld.out" 2>&1 {DEPS_LOCK_FD}>&- &&
        deps_slurm_root slurmd -f "$DEPS_SLURM_CONF" -N "$(deps_slurm_node)" </dev/null >"$DEPS_SLURM_DIR/log/slurmd.out" 2>&1 {DEPS_LOCK_FD}>&- ||
        { deps_tail "$DEPS_SLURM_DIR"/log/slurm*; deps_die "slurmctld or slurmd did not start"; }
    if ! deps_wait deps_slurm_idle; then
        deps_tail "$DEPS_SLURM_DIR"/log/slurm*
        deps_die "the Slurm node did not become idle within ${DEPS_TIMEOUT}s"
    fi
    local restd="slurmrestd -a rest_auth/jwt -s openapi/$DEPS_SLURM_API_VERSION 127.0.0.1:$DEPS_SLURMRESTD_PORT"
    # setsid: slurmrestd stays in the foreground, and must outlive this shell and its terminal.
    # shellcheck disable=SC2086 # $restd is the command and its arguments
    deps_slurm_root setsid runuser -u "$DEPS_SLURMRESTD_USER" -- env SLURM_CONF="$DEPS_SLURM_CONF" SLURM_JWT=daemon \
        $restd \
        </dev/null >"$DEPS_SLURM_DIR/log/slurmrestd.log" 2>&1 {DEPS_LOCK_FD}>&- &
    local launcher=$!
    if ! deps_wait deps_slurmrestd_answers "$launcher"; then
        deps_tail "$DEPS_SLURM_DIR/log/slurmrestd.log"
        deps_die "slurmrestd did not answer on 127.0.0.1:$DEPS_SLURMRESTD_PORT within ${DEPS_TIMEOUT}s"
    fi
    # Between us and slurmrestd stand runuser (and sudo): the daemon's own pid, found by its exact command line, is the one to stop.
    pgrep -u "$DEPS_SLURMRESTD_USER" -xf "$restd" >"$DEPS_SLURM_DIR/slurmrestd.pid" || true
    deps_log "Slurm is up (logs in $DEPS_SLURM_DIR/log)"
}

# Users, keys, directories and slurm.conf of a fresh start.
deps_slurm_prepare() {
    getent passwd "$DEPS_SLURM_USER" >/dev/null ||
        deps_slurm_root useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /bin/bash "$DEPS_SLURM_USER" ||
        deps_die "could not create the Slurm job user $DEPS_SLURM_USER"
    mkdir -p "$DEPS_SLURM_DIR"/{state,spool,log,munge,work}
    chmod 755 "$DEPS_SLURM_DIR"
    # munged refuses a key or socket directory that others may write to.
    chmod 711 "$DEPS_SLURM_DIR/munge"
    (umask 077 && head -c 1024 /dev/urandom >"$DEPS_SLURM_DIR/munge/munge.key")
    # The jwt key: read by slurmctld (root) and by the tests (whoever started Slurm), nobody else.
    (umask 077 && head -c 32 /dev/urandom >"$DEPS_SLURM_JWT_KEY")
    # Jobs write here as the job user; tests make their own directories in it, as in /tmp.
    chmod 1777 "$DEPS_SLURM_WORK_DIR"
    deps_slurm_root chown "$DEPS_SLURM_USER:" "$DEPS_SLURM_WORK_DIR"
    local node
    node=$(deps_slurm_node)
    cat >"$DEPS_SLURM_CONF" <<EOF
# A private single-node cluster for tests (deploy/local/deps-slurm.sh); rewritten at every start.
ClusterName=micro-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$DEPS_SLURMCTLD_PORT
SlurmdPort=$DEPS_SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DEPS_SLURM_DIR/munge/munge.socket
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$DEPS_SLURM_JWT_KEY
CredType=cred/munge
StateSaveLocation=$DEPS_SLURM_DIR/state
SlurmdSpoolDir=$DEPS_SLURM_DIR/spool
SlurmctldPidFile=$DEPS_SLURM_DIR/slurmctld.pid
SlurmdPidFile=$DEPS_SLURM_DIR/slurmd.pid
SlurmctldLogFile=$DEPS_SLURM_DIR/log/slurmctld.log
SlurmdLogFile=$DEPS_SLURM_DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
# A finished job stays visible to GET /job/{id} for a while, so tests can read its end state.
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=gha Nodes=$node Default=YES MaxTime=INFINITE State=UP
PartitionName=32GBRAM Nodes=$node MaxTime=INFINITE State=UP
EOF
    chmod 644 "$DEPS_SLURM_CONF"
}

deps_slurm_stop() {
    local pid name
    # Jobs first: slurmstepd and the job's processes outlive slurmd.
    if deps_alive "$(deps_slurm_pid slurmctld)"; then
        deps_slurm_root_cmd scancel --full --quiet --user="$DEPS_SLURM_USER" 2>/dev/null || true
        local deadline=$((SECONDS + 30))
        while [[ -n $(deps_slurm_cmd squeue -h -o %A 2>/dev/null) ]] && ((SECONDS < deadline)); do sleep 0.5; done
    fi
    for name in slurmrestd slurmd slurmctld munged; do
        pid=$(deps_slurm_pid "$name" || true)
        deps_alive "$pid" || continue
        deps_log "stopping $name (pid $pid) ..."
        deps_slurm_root kill -TERM "$pid" 2>/dev/null || true
        local deadline=$((SECONDS + 30))
        while deps_alive "$pid" && ((SECONDS < deadline)); do sleep 0.5; done
        deps_alive "$pid" && deps_slurm_root kill -KILL "$pid" 2>/dev/null || true
    done
}
