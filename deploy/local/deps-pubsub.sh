# Google's Pub/Sub emulator on loopback, for deploy/local/deps.sh (sourced by it; uses its helpers and settings).
#
# Settings (environment):
#   MICRO_TEST_PUBSUB_PORT      the emulator's port              (default 55690)
#   MICRO_TEST_PUBSUB_EMULATOR  its launcher                     (default: the Google Cloud CLI's, installed with
#                               the Debian package google-cloud-cli-pubsub-emulator; it needs Java)
#
# The emulator keeps everything in memory: a start is always empty, and its run directory holds only its pid and log.

DEPS_PUBSUB_PORT=${MICRO_TEST_PUBSUB_PORT:-55690}
DEPS_PUBSUB_BIN=${MICRO_TEST_PUBSUB_EMULATOR:-/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator}
DEPS_PUBSUB_DIR=$DEPS_RUN_DIR/pubsub

deps_pubsub_env() {
    printf "export MICRO_TEST_PUBSUB_EMULATOR_HOST='127.0.0.1:%s'\n" "$DEPS_PUBSUB_PORT"
}

deps_pubsub_pid() {
    local pid
    [[ -f $DEPS_PUBSUB_DIR/emulator.pid ]] || return 1
    pid=$(<"$DEPS_PUBSUB_DIR/emulator.pid")
    # Guard against a recycled pid from an old run.
    grep -qa pubsub-emulator "/proc/$pid/cmdline" 2>/dev/null && printf '%s\n' "$pid"
}

# The emulator answers "Ok" on its root once its HTTP server is up.
deps_pubsub_ready() {
    [[ $(curl -fsS --max-time 2 "http://127.0.0.1:$DEPS_PUBSUB_PORT/" 2>/dev/null) == Ok* ]]
}

deps_pubsub_answers() { # pid; 2 (give up) once the emulator has died
    deps_pubsub_ready && return 0
    deps_alive "$1" || return 2
    return 1
}

deps_pubsub_start() {
    local pid
    pid=$(deps_pubsub_pid || true)
    if deps_alive "$pid"; then
        if deps_pubsub_ready; then
            deps_log "reusing the Pub/Sub emulator on 127.0.0.1:$DEPS_PUBSUB_PORT (pid $pid)"
            return
        fi
        deps_log "the Pub/Sub emulator (pid $pid) does not answer on port $DEPS_PUBSUB_PORT; restarting it"
        deps_pubsub_stop
    fi
    deps_port_open "$DEPS_PUBSUB_PORT" && deps_die "127.0.0.1:$DEPS_PUBSUB_PORT is in use by something else; set MICRO_TEST_PUBSUB_PORT"
    [[ -x $DEPS_PUBSUB_BIN || -n ${MICRO_TEST_PUBSUB_EMULATOR:-} ]] || deps_apt_install google-cloud-cli-pubsub-emulator
    command -v java >/dev/null || deps_apt_install default-jre-headless
    [[ -x $DEPS_PUBSUB_BIN ]] || deps_die "the Pub/Sub emulator is not at $DEPS_PUBSUB_BIN (MICRO_TEST_PUBSUB_EMULATOR)"

    deps_log "starting the Pub/Sub emulator on 127.0.0.1:$DEPS_PUBSUB_PORT ..."
    rm -rf "$DEPS_PUBSUB_DIR"
    mkdir -p "$DEPS_PUBSUB_DIR"
    # A small heap: the tests keep a few messages at a time, and the machine is shared. setsid, as for RabbitMQ: the
    # emulator must outlive this shell and not get the terminal's signals. The launcher script execs java, keeping its pid.
    (JAVA_OPTS="-Xmx256m -XX:+UseSerialGC" exec setsid "$DEPS_PUBSUB_BIN" --host=127.0.0.1 --port="$DEPS_PUBSUB_PORT") \
        </dev/null >"$DEPS_PUBSUB_DIR/emulator.log" 2>&1 {DEPS_LOCK_FD}>&- &
    pid=$!
    echo "$pid" >"$DEPS_PUBSUB_DIR/emulator.pid"
    DEPS_STARTED+=(pubsub)
    if ! deps_wait deps_pubsub_answers "$pid"; then
        deps_tail "$DEPS_PUBSUB_DIR/emulator.log"
        deps_die "the Pub/Sub emulator did not answer on 127.0.0.1:$DEPS_PUBSUB_PORT within ${DEPS_TIMEOUT}s"
    fi
    deps_log "the Pub/Sub emulator is up (log in $DEPS_PUBSUB_DIR/emulator.log)"
}

deps_pubsub_stop() {
    local pid
    pid=$(deps_pubsub_pid || true)
    if deps_alive "$pid"; then
        deps_log "stopping the Pub/Sub emulator (pid $pid) ..."
        deps_term_wait "$pid" "$pid"
    fi
    rm -f "$DEPS_PUBSUB_DIR/emulator.pid"
}
