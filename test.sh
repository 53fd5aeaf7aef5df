#!/usr/bin/env bash
# The test command: starts RabbitMQ, PostgreSQL and the Pub/Sub emulator on loopback (deploy/local/deps.sh), runs the whole
# solution's tests against them, stops them again.
#
#   ./test.sh                                  all tests
#   ./test.sh --filter "FullyQualifiedName~Rerun"   extra arguments go to dotnet test
#   eval "$(./test.sh --deps-only)"            only start the dependencies and export their settings
#   deploy/local/deps.sh stop                  stop them
#
#   MICRO_TEST_KEEP=1   leave the dependencies running afterwards (faster next run: they are reused)
#   MICRO_TEST_RUN_DIR, MICRO_TEST_PG_PORT, MICRO_TEST_RABBITMQ_PORT: see deploy/local/deps.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=deploy/local/deps.sh
source "$root/deploy/local/deps.sh"

deps_only=0
[[ ${1:-} != --deps-only ]] || deps_only=1

# shellcheck disable=SC2317 # called by the trap
stop_started() {
    local rc=$?
    if ((deps_only && rc == 0)); then
        return
    elif [[ ${MICRO_TEST_KEEP:-} == 1 ]]; then
        ((${#DEPS_STARTED[@]} == 0)) || deps_log "leaving ${DEPS_STARTED[*]} running (MICRO_TEST_KEEP=1); stop with deploy/local/deps.sh stop"
    elif ((${#DEPS_STARTED[@]})); then
        deps_stop "${DEPS_STARTED[@]}"
    fi
    exit "$rc"
}
trap stop_started EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

deps_start
if ((deps_only)); then
    deps_env
    exit 0
fi
eval "$(deps_env)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

cd "$root"
solution=Micro.sln
[[ -f $solution || ! -f Micro.slnx ]] || solution=Micro.slnx

results=$root/TestResults
rm -rf "$results"

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

# dotnet test summarises each test project apart; one line for the whole run, in the usual "N passed, N failed" form.
if compgen -G "$results/*.trx" >/dev/null; then
    grep -ho '<Counters [^>]*>' "$results"/*.trx | awk '
        { for (i = 2; i <= NF; i++) { split($i, kv, "="); gsub(/"|\/?>/, "", kv[2]); c[kv[1]] += kv[2] } }
        END { printf "total: %d passed, %d failed, %d skipped\n", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"], c["total"] - c["executed"] }' || true
fi
exit "$rc"
