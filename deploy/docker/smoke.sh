#!/usr/bin/env bash
# The compose deployment, run for real: builds and starts docker-compose.yml, sends a signed webhook through the gateway
# and finds it in the delivery log and in rerun's records, acquires a PR lock, scales ingestion and rerun to 2 and shows
# both replicas serving, kills one of each and shows deliveries still landing, then removes everything (down -v).
#
#   deploy/docker/smoke.sh
#
# Installs Docker and Compose with apt-get and starts dockerd where missing; uses the public images where present or
# pullable, else builds local stand-ins (deploy/docker/images.sh); where the .NET SDK image cannot be pulled the services
# are published on the host (deploy/docker/publish.sh) and copied into the runtime image. Prints each step and exits
# non-zero on any failure (with the containers' last log lines). Its own compose project (MICRO_SMOKE_PROJECT, default
# micro-smoke) and gateway port (MICRO_SMOKE_PORT, default 18080), so it never touches a real installation.
# MICRO_APP_SOURCE=build or published decides instead of the SDK image's availability (published: artifacts/docker/ as it is).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=deploy/docker/images.sh
source "$root/deploy/docker/images.sh"

project=${MICRO_SMOKE_PROJECT:-micro-smoke}
port=${MICRO_SMOKE_PORT:-18080}
gateway=http://127.0.0.1:$port
started=$SECONDS
compose_up=0

step() { printf '[smoke %3ds] %s\n' $((SECONDS - started)) "$*" >&2; }
fail() {
    printf '[smoke %3ds] FAILED: %s\n' $((SECONDS - started)) "$*" >&2
    exit 1
}
secret() { od -An -tx1 -N24 /dev/urandom | tr -d ' \n'; }

compose() { docker-compose -p "$project" -f "$root/docker-compose.yml" -f "$root/deploy/docker/smoke.override.yml" "$@"; }

# shellcheck disable=SC2317 # called by the trap
finish() {
    local rc=$?
    if ((compose_up)); then
        if ((rc != 0)); then
            compose ps >&2 || true
            compose logs --no-color --tail=30 >&2 || true
        fi
        step "docker-compose down -v"
        compose down -v --remove-orphans >/dev/null 2>&1 || true
    fi
    if ((rc == 0)); then
        step "passed in $((SECONDS - started)) s"
    fi
    exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "Docker engine and images"
docker_engine
docker_ensure_images
eval "$(docker_env)"
docker_buildkit_client
sdk=${MICRO_DOTNET_SDK_IMAGE:-mcr.microsoft.com/dotnet/sdk:10.0}
if [[ -n ${MICRO_APP_SOURCE:-} ]]; then
    step "MICRO_APP_SOURCE=$MICRO_APP_SOURCE as given (published: artifacts/docker/ as it is)"
elif docker_has_image "$sdk" || timeout 300 docker pull -q "$sdk" >/dev/null 2>&1; then
    export MICRO_APP_SOURCE=build
else
    step "$sdk cannot be pulled: publishing the services on the host (deploy/docker/publish.sh)"
    "$root/deploy/docker/publish.sh"
    export MICRO_APP_SOURCE=published
fi
step "images: rabbitmq=$MICRO_RABBITMQ_IMAGE postgres=$MICRO_POSTGRES_IMAGE runtime=$MICRO_DOTNET_RUNTIME_IMAGE services compiled: $MICRO_APP_SOURCE"

export MICRO_GATEWAY_PORT=$port MICRO_IMAGE_PREFIX=micro-smoke/ \
    MICRO_API_TOKEN=$(secret) MICRO_ADMIN_TOKEN=$(secret) MICRO_INTERNAL_TOKEN=$(secret) \
    GITHUB_WEBHOOK_SECRET=$(secret) POSTGRES_PASSWORD=$(secret) RABBITMQ_PASSWORD=$(secret)
export COMPOSE_DOCKER_CLI_BUILD=1 DOCKER_BUILDKIT=1

# A previous run that was killed before its down.
compose down -v --remove-orphans >/dev/null 2>&1 || true
step "docker-compose up -d --build"
compose_up=1
compose up -d --build --quiet-pull 2>&1 | grep -vE '^(#|\s*$)' >&2 || fail "docker-compose up failed"

# Every container of the project healthy (a container without a health check counts once running).
wait_healthy() { # what, timeout in seconds
    local deadline=$((SECONDS + $2)) ids states
    while :; do
        ids=$(compose ps -q)
        states=$(docker inspect -f '{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' $ids)
        if ! grep -qvE ' (healthy|running)$' <<<"$states"; then
            return 0
        fi
        ((SECONDS < deadline)) || fail "$1: not healthy within $2 s: $(grep -vE ' (healthy|running)$' <<<"$states" | tr '\n' ' ')"
        sleep 3
    done
}
wait_healthy "compose up" 420
step "all healthy: $(compose ps -q | xargs docker inspect -f '{{.Name}}' | tr -d / | tr '\n' ' ')"

api() { # method path [curl args...]: prints the body, then the status on its own line
    local method=$1 path=$2
    shift 2
    printf 'header = "Authorization: Bearer %s"\n' "$MICRO_API_TOKEN" |
        curl -sS --max-time 20 --config - -X "$method" -w '\n%{http_code}' "$@" "$gateway$path"
}
status_of() { tail -n1 <<<"$1"; }

payload_template=$root/tests/fixtures/octokit-webhooks/split/workflow_run/completed.payload.json
# A failed workflow run, as GitHub signs it; prints the HTTP status the gateway answered.
send_failed_run() { # delivery id, run id
    local body signature
    body=$(sed -e "s/289782451/$2/g" -e 's/"conclusion": "success"/"conclusion": "failure"/' "$payload_template")
    signature=sha256=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$GITHUB_WEBHOOK_SECRET" -r | cut -d' ' -f1)
    printf '%s' "$body" | curl -sS --max-time 20 -o /dev/null -w '%{http_code}' -X POST "$gateway/webhooks/github" \
        -H 'Content-Type: application/json' -H 'X-GitHub-Event: workflow_run' -H "X-GitHub-Delivery: $1" \
        -H "X-Hub-Signature-256: $signature" --data-binary @- || echo 000
}

# As GitHub's redelivery would: the same delivery again while it is answered 503 (not stored in time, e.g. by a replica
# that has just started on a busy machine). Prints the final status.
deliver() { # delivery id, run id
    local code attempt
    for attempt in 1 2 3 4 5; do
        code=$(send_failed_run "$1" "$2")
        [[ $code == 503 ]] || break
        step "delivery $1 answered 503 (not stored in time); redelivering it (attempt $((attempt + 1)))"
    done
    printf '%s' "$code"
}

# Polls until the delivery is in ingestion's delivery log and the run in rerun's records.
wait_landed() { # delivery id, run id, timeout in seconds
    local deadline=$((SECONDS + $3))
    until [[ $(status_of "$(api GET "/api/ingestion/deliveries/$1")") == 200 &&
        $(status_of "$(api GET "/api/rerun/runs/octo-org/octo-repo/$2")") == 200 ]]; do
        ((SECONDS < deadline)) || fail "delivery $1 (run $2) did not reach the delivery log and rerun's records within $3 s"
        sleep 1
    done
}

run_base=$((RANDOM * 1000 + 7000000))
step "signed workflow_run (failure) webhook through the gateway"
code=$(deliver smoke-1 "$run_base")
[[ $code == 202 || $code == 200 ]] || fail "the gateway answered $code to a signed webhook (expected 202)"
wait_landed smoke-1 "$run_base" 60
step "delivery smoke-1 is in the delivery log; run $run_base is in rerun's records: $(head -n1 <<<"$(api GET "/api/rerun/runs/octo-org/octo-repo/$run_base")" | cut -c1-160)"

step "PR lock: deploy/pipelines/pr-lock.sh acquire smoke 42"
MICRO_URL=$gateway MICRO_TOKEN=$MICRO_API_TOKEN MICRO_REPOSITORY=octo-org/octo-repo "$root/deploy/pipelines/pr-lock.sh" acquire smoke 42 >&2 ||
    fail "could not acquire the lock"
lock=$(api GET /api/locks/smoke)
[[ $(status_of "$lock") == 200 && $(head -n1 <<<"$lock") == *42* ]] || fail "the lock does not name pull request 42: $lock"

step "git workflow: hello_world through the gateway on a repository inside the git-workflow container"
compose exec -T git-workflow bash -c 'set -e; cd /tmp; rm -rf smoke.git seed; git init -q --bare smoke.git; git init -q -b main seed
    cd seed; echo smoke >README.md; git add README.md; git -c user.name=smoke -c user.email=smoke@example.com commit -qm seed
    git push -q /tmp/smoke.git main' || fail "could not make a repository with git in the git-workflow container"
started_run=$(api POST /api/workflows -H 'Content-Type: application/json' -d '{"workflow":"hello_world","parameters":{"git_url":"/tmp/smoke.git"}}')
[[ $(status_of "$started_run") == 202 ]] || fail "POST /api/workflows answered: $started_run"
json_field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
run_id=$(head -n1 <<<"$started_run" | json_field id)
for _ in $(seq 1 60); do
    workflow=$(head -n1 <<<"$(api GET "/api/workflows/$run_id")")
    run_state=$(json_field state <<<"$workflow")
    [[ $run_state == succeeded || $run_state == failed || $run_state == rejected ]] && break
    sleep 1
done
[[ $run_state == succeeded ]] || fail "the hello_world run ended $run_state: $(cut -c1-600 <<<"$workflow")"
compose exec -T git-workflow git -C /tmp/smoke.git for-each-ref --format='%(refname:short)' refs/heads/ | grep -q '^hello-world-' ||
    fail "the run succeeded but no hello-world branch is in the repository"
step "hello_world run $run_id succeeded and pushed its branch"

step "docker-compose up -d --scale ingestion=2 --scale rerun=2"
compose up -d --no-build --scale ingestion=2 --scale rerun=2 2>&1 | grep -vE '^\s*$' >&2 || fail "scaling failed"
wait_healthy "scale" 300

# Each replica logs the requests it serves (smoke.override.yml): a replica serves once its log shows one.
served() { # container, path pattern
    docker logs "$1" 2>&1 | grep -c "Request starting.*$2" || true
}
replicas() { compose ps -q "$1" | xargs docker inspect -f '{{.Name}}' | tr -d /; }
both_serve() { # service, method, path pattern, command to send one request
    local service=$1 pattern=$2 deadline=$((SECONDS + 90)) counts
    shift 2
    local names
    mapfile -t names < <(replicas "$service")
    ((${#names[@]} == 2)) || fail "$service has ${#names[@]} replicas, not 2"
    while :; do
        "$@"
        counts=$(for n in "${names[@]}"; do printf '%s=%s ' "$n" "$(served "$n" "$pattern")"; done)
        [[ $counts != *=0\ * ]] && break
        ((SECONDS < deadline)) || fail "the gateway did not send requests to every $service replica within 90 s: $counts"
        sleep 0.5
    done
    step "$service: both replicas served requests through the gateway ($counts)"
}
sent=()
next_run=$((run_base + 1))
send_one() {
    local code
    code=$(deliver "smoke-$next_run" "$next_run")
    [[ $code == 202 || $code == 200 ]] || fail "delivery smoke-$next_run answered $code while both replicas are up"
    sent+=("$next_run")
    next_run=$((next_run + 1))
}
list_runs() { [[ $(status_of "$(api GET /api/rerun/runs)") == 200 ]] || fail "GET /api/rerun/runs failed"; }
both_serve ingestion 'POST http://[^ ]*/webhooks/github' send_one
both_serve rerun 'GET http://[^ ]*/api/rerun/runs' list_runs
for run in "${sent[@]}"; do wait_landed "smoke-$run" "$run" 60; done
step "${#sent[@]} deliveries sent to two ingestion replicas all landed in the delivery log and rerun's records"

mapfile -t ingestion_replicas < <(replicas ingestion)
mapfile -t rerun_replicas < <(replicas rerun)
step "docker kill ${ingestion_replicas[1]} ${rerun_replicas[1]}"
docker kill "${ingestion_replicas[1]}" "${rerun_replicas[1]}" >/dev/null
# GitHub sees a failed delivery (and Micro's webhook recovery asks again) for any the gateway answers with an error before
# it drops the dead replica; what it accepts must land. Then 10 in a row accepted show the survivors carry the load.
accepted=() refused=0 streak=0 deadline=$((SECONDS + 90))
while ((streak < 10)); do
    ((SECONDS < deadline)) || fail "no 10 deliveries in a row were accepted within 90 s of the kill ($refused refused)"
    code=$(send_failed_run "smoke-$next_run" "$next_run")
    if [[ $code == 202 ]]; then
        accepted+=("$next_run")
        streak=$((streak + 1))
    else
        refused=$((refused + 1))
        streak=0
        sleep 0.5
    fi
    next_run=$((next_run + 1))
done
for run in "${accepted[@]}"; do wait_landed "smoke-$run" "$run" 90; done
step "one replica of each killed: ${#accepted[@]} deliveries accepted and all landed in the delivery log and rerun's records ($refused answered with an error while the gateway dropped the dead replica)"
step "total: $((SECONDS - started)) s before down"
