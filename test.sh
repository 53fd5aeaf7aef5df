#!/usr/bin/env bash
# The test command: starts PostgreSQL, Google's Pub/Sub emulator and a single-node Slurm on loopback
# (deploy/local/deps.sh) and Docker (deploy/docker/images.sh: installed with apt and started where missing), installs
# chromium for the console's browser tests where missing, runs the whole solution's tests, each test process with a
# RabbitMQ container of its own (Testcontainers; RabbitMQ on loopback instead where Docker cannot run), then the compose
# smoke test (deploy/docker/smoke.sh), and stops what it started.
#
#   ./test.sh                                  all tests
#   ./test.sh --filter "FullyQualifiedName~Rerun"   extra arguments go to dotnet test
#   eval "$(./test.sh --deps-only)"            only start the dependencies and export their settings
#   deploy/local/deps.sh stop                  stop them
#
#   MICRO_TEST_KEEP=1   leave the dependencies running afterwards (faster next run: they are reused)
#   MICRO_TEST_BROKER=container|local   force the tests' RabbitMQ (default: container where Docker runs)
#   MICRO_TEST_SMOKE=0|1   skip or force the compose smoke test (default: run it when no arguments are given)
#   MICRO_TEST_RUN_DIR, MICRO_TEST_PG_PORT, MICRO_TEST_RABBITMQ_PORT: see deploy/local/deps.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=deploy/local/deps.sh
source "$root/deploy/local/deps.sh"
# shellcheck source=deploy/docker/images.sh
source "$root/deploy/docker/images.sh"

deps_only=0
[[ ${1:-} != --deps-only ]] || deps_only=1

# shellcheck disable=SC2317 # called by the trap
stop_started() {
    local rc=$?
    if ((deps_only && rc == 0)); then
        return
    elif [[ ${MICRO_TEST_KEEP:-} == 1 ]]; then
        ((${#DEPS_STARTED[@]} == 0)) || deps_log "leaving ${DEPS_STARTED[*]} running (MICRO_TEST_KEEP=1); stop with deploy/local/deps.sh stop"
    else
        ((${#DEPS_STARTED[@]} == 0)) || deps_stop "${DEPS_STARTED[@]}"
        docker_stop_engine
    fi
    exit "$rc"
}
trap stop_started EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Docker for the tests' broker and the smoke test, where it can run here (installed with apt when missing).
docker_ready=0
if [[ ${MICRO_TEST_BROKER:-} != local ]]; then
    docker_was_up=0
    docker_engine_answers && docker_was_up=1
    if (docker_engine); then
        docker_ready=1
        ((docker_was_up)) || DOCKER_STARTED=1
        docker_ensure_images
    elif [[ ${MICRO_TEST_BROKER:-} == container ]]; then
        deps_die "MICRO_TEST_BROKER=container, but Docker cannot run here"
    fi
fi
if ((docker_ready)); then
    export MICRO_TEST_BROKER=container MICRO_TEST_RABBITMQ_IMAGE=$DOCKER_USE_rabbitmq
    deps_log "test broker: a RabbitMQ container per test process (Testcontainers, image $MICRO_TEST_RABBITMQ_IMAGE)"
    deps_start postgres pubsub slurm
else
    export MICRO_TEST_BROKER=local
    deps_log "test broker: the local RabbitMQ process (no Docker engine here)"
    deps_start
fi
# The console's browser tests (tests/Micro.Console.Tests) drive Debian's chromium through Playwright, by its path.
[[ -x /usr/bin/chromium ]] || deps_apt_install chromium
if ((deps_only)); then
    deps_env
    printf 'export MICRO_TEST_BROKER=%s\n' "$MICRO_TEST_BROKER"
    ((docker_ready == 0)) || printf "export MICRO_TEST_RABBITMQ_IMAGE='%s'\n" "$MICRO_TEST_RABBITMQ_IMAGE"
    exit 0
fi
eval "$(deps_env)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

cd "$root"
solution=Micro.sln
[[ -f $solution || ! -f Micro.slnx ]] || solution=Micro.slnx

results=$root/TestResults
rm -rf "$results"
mkdir -p "$results"
# Each test process says which broker it used; leftover containers (a process killed by the hang detector) go by the label.
export MICRO_TEST_BROKER_LOG=$results/brokers.log MICRO_TEST_SESSION=test-sh-$$

deps_log "running dotnet test $solution ..."
# The default console logger lists each failing test with its message; the trx files keep every result.
# A test that hangs is killed (and reported) rather than stalling CI forever.
rc=0
dotnet test "$solution" -c Release \
    --logger trx --results-directory "$results" \
    --blame-hang-timeout "${MICRO_TEST_HANG_TIMEOUT:-15m}" --blame-hang-dump-type none \
    "$@" || rc=$?
# The hang detector leaves an empty folder per test project behind.
find "$results" -mindepth 1 -maxdepth 1 -type d -empty -delete 2>/dev/null || true
if ((docker_ready)); then
    docker ps -aq --filter "label=micro.test-broker=$MICRO_TEST_SESSION" | xargs -r docker rm -f >/dev/null
fi
if [[ -s $MICRO_TEST_BROKER_LOG ]]; then
    deps_log "brokers the test processes used:"
    sed -E 's/^test broker for ([^ ]+) .*: (RabbitMQ in Docker container|the local RabbitMQ process).*/\2/' "$MICRO_TEST_BROKER_LOG" |
        sort | uniq -c | sed 's/^/  /' >&2
fi

# The compose deployment, built and run for real, after a whole run (not for a filtered one).
smoke=${MICRO_TEST_SMOKE:-}
[[ -n $smoke ]] || { (($# == 0)) && smoke=1 || smoke=0; }
if [[ $smoke == 1 ]]; then
    deps_log "running deploy/docker/smoke.sh ..."
    smoke_started=$SECONDS
    bash "$root/deploy/docker/smoke.sh" || rc=1
    deps_log "smoke test: $((SECONDS - smoke_started)) s"
fi

# dotnet test summarises each test project apart; one line for the whole run, in the usual "N passed, N failed" form.
if compgen -G "$results/*.trx" >/dev/null; then
    grep -ho '<Counters [^>]*>' "$results"/*.trx | awk '
        { for (i = 2; i <= NF; i++) { split($i, kv, "="); gsub(/"|\/?>/, "", kv[2]); c[kv[1]] += kv[2] } }
        END { printf "total: %d passed, %d failed, %d skipped\n", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"], c["total"] - c["executed"] }' || true
    # The failures again at the very end, where a long log's reader (or a CI page that keeps its tail) sees them.
    grep -ho '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\|Aborted\)"' "$results"/*.trx |
        sed -E 's/.* testName="([^"]*)".* outcome="([^"]*)".*/  \2: \1/' || true
fi
exit "$rc"
