#!/usr/bin/env bash
# The distributed topology as local processes: the gateway and each service in its own process, RabbitMQ between them,
# one PostgreSQL database per service. What docker-compose.yml describes, for a machine without a Docker engine.
#
#   deploy/local/distributed.sh start               build, start every process, wait until each is ready
#   deploy/local/distributed.sh stop                stop them, and the script's own RabbitMQ/PostgreSQL (data is kept)
#   deploy/local/distributed.sh start-service NAME  (re)start one process, e.g. after it was killed
#   deploy/local/distributed.sh status
#   deploy/local/distributed.sh reset               stop everything and DELETE the data directory (deliveries, locks, ...)
#
# Settings (environment):
#   GITHUB_WEBHOOK_SECRET      required: the secret of your GitHub webhook
#   MICRO_API_TOKEN            required: the bearer token pipelines send to /api/** (or Gateway__AllowAnonymousApi=true
#                              to leave the API open, admin actions included: a local trial only)
#   MICRO_ADMIN_TOKEN          the bearer token for admin actions (reset a lock, replay a delivery, retry a dead letter)
#   MICRO_INTERNAL_TOKEN       required: the secret (16+ characters, e.g. openssl rand -hex 32) the gateway adds to what it
#                              forwards and the services ask of /api/** calls
#   MICRO_POSTGRES             PostgreSQL server as an Npgsql connection string without Database (default: the script's own
#                              server on loopback, started if needed, data kept in MICRO_DATA_DIR)
#   MICRO_POSTGRES_PASSWORD    required with the script's own PostgreSQL: its password, set at its first start
#   (No secret is written to disk: they reach the processes through their environment only.)
#   MICRO_RABBITMQ             broker as amqp://user:password@host:port/ (default: the script's own, likewise)
#   MICRO_DATA_DIR             the own servers' data, kept across stops and reboots until reset
#                              (default ${XDG_DATA_HOME:-~/.local/share}/micro; /var/lib/micro for root)
#   MICRO_POSTGRES_PORT        the own PostgreSQL's port                   (default 55532)
#   MICRO_RABBITMQ_PORT        the own RabbitMQ's AMQP port, and the next two (default 55772)
#   MICRO_DATABASE_PREFIX      database names are PREFIX_<service>          (default micro)
#   MICRO_RUN_DIR              logs and pid files                          (default /tmp/micro-distributed)
#   MICRO_GATEWAY_PORT         the public door                             (default 8080)
#   MICRO_INGESTION_PORT       ingestion's own port                        (default 5101)
#   MICRO_RERUN_PORT           rerun's own port                            (default 5102)
#   MICRO_PRLOCK_PORT          the PR-lock service's own port              (default 5103)
#   MICRO_RUNNERS_PORT         the runner broker's own port                (default 5104)
#   MICRO_GITWORKFLOW_PORT     the git-workflow service's own port         (default 5105)
#   MICRO_CONFIGURATION        build configuration                         (default Release)
#   MICRO_SKIP_BUILD=1         use what is already built
#   MICRO_READY_TIMEOUT        seconds to wait for each process            (default 90)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
run_dir=${MICRO_RUN_DIR:-/tmp/micro-distributed}
configuration=${MICRO_CONFIGURATION:-Release}
gateway_port=${MICRO_GATEWAY_PORT:-8080}
ingestion_port=${MICRO_INGESTION_PORT:-5101}
rerun_port=${MICRO_RERUN_PORT:-5102}
prlock_port=${MICRO_PRLOCK_PORT:-5103}
runners_port=${MICRO_RUNNERS_PORT:-5104}
gitworkflow_port=${MICRO_GITWORKFLOW_PORT:-5105}
prefix=${MICRO_DATABASE_PREFIX:-micro}
ready_timeout=${MICRO_READY_TIMEOUT:-90}
services=(ingestion rerun prlock runners gitworkflow gateway)
if [[ -n ${MICRO_DATA_DIR:-} ]]; then
  data_dir=$MICRO_DATA_DIR
elif ((EUID == 0)); then
  # Not under /root: PostgreSQL runs as user postgres, which must reach its data directory.
  data_dir=/var/lib/micro
else
  data_dir=${XDG_DATA_HOME:-$HOME/.local/share}/micro
fi

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

dll() { # service
  case $1 in
    ingestion) echo "$root/services/Ingestion/Micro.Ingestion/bin/$configuration/net10.0/Micro.Ingestion.dll" ;;
    rerun) echo "$root/services/Rerun/Micro.Rerun/bin/$configuration/net10.0/Micro.Rerun.dll" ;;
    prlock) echo "$root/services/PrLock/Micro.PrLock/bin/$configuration/net10.0/Micro.PrLock.dll" ;;
    runners) echo "$root/services/RunnerBroker/Micro.RunnerBroker/bin/$configuration/net10.0/Micro.RunnerBroker.dll" ;;
    gitworkflow) echo "$root/services/GitWorkflow/Micro.GitWorkflow/bin/$configuration/net10.0/Micro.GitWorkflow.dll" ;;
    gateway) echo "$root/services/Gateway/Micro.Gateway/bin/$configuration/net10.0/Micro.Gateway.dll" ;;
    *) die "unknown service '$1' (one of: ${services[*]})" ;;
  esac
}

port() { # service
  case $1 in
    ingestion) echo "$ingestion_port" ;;
    rerun) echo "$rerun_port" ;;
    prlock) echo "$prlock_port" ;;
    runners) echo "$runners_port" ;;
    gitworkflow) echo "$gitworkflow_port" ;;
    gateway) echo "$gateway_port" ;;
  esac
}

# The servers the script runs itself: those MICRO_POSTGRES/MICRO_RABBITMQ do not name.
own_servers() {
  [[ -n ${MICRO_POSTGRES:-} ]] || echo postgres
  [[ -n ${MICRO_RABBITMQ:-} ]] || echo rabbitmq
}

# deploy/local/deps.sh on the script's data directory, in its persistent mode: the data is never wiped, PostgreSQL asks for a password.
own_deps() { # deps.sh arguments...
  MICRO_TEST_RUN_DIR=$data_dir MICRO_DEPS_PERSISTENT=1 \
    MICRO_TEST_PG_PORT=${MICRO_POSTGRES_PORT:-55532} MICRO_TEST_RABBITMQ_PORT=${MICRO_RABBITMQ_PORT:-55772} \
    "$root/deploy/local/deps.sh" "$@"
}

ensure_dependencies() {
  local own=()
  mapfile -t own < <(own_servers)
  ((${#own[@]})) || return 0
  log "starting ${own[*]} on loopback with the data in $data_dir (MICRO_POSTGRES/MICRO_RABBITMQ name other servers)"
  local exports
  exports=$(own_deps start "${own[@]}") || die "could not start ${own[*]} (see above)"
  eval "$exports"
  MICRO_POSTGRES=${MICRO_POSTGRES:-$MICRO_TEST_POSTGRES}
  MICRO_RABBITMQ=${MICRO_RABBITMQ:-$MICRO_TEST_RABBITMQ}
}

stop_dependencies() {
  local own=()
  mapfile -t own < <(own_servers)
  ((${#own[@]} == 0)) || own_deps stop "${own[@]}"
}

# The gateway refuses to start with /api/** open unless that was chosen; say so before starting anything.
require_api_token() {
  [[ -n ${MICRO_API_TOKEN:-} || -n ${MICRO_ADMIN_TOKEN:-} || ${Gateway__AllowAnonymousApi:-} == true ]] && return
  die "MICRO_API_TOKEN is required (the bearer token pipelines send to /api/**; MICRO_ADMIN_TOKEN for admin actions).
  To leave the API open to anyone who can reach the gateway, admin actions included (a local trial only),
  set Gateway__AllowAnonymousApi=true instead."
}

# One internal secret for the gateway and every service, the operator's: kept nowhere on disk, and the same for a service
# restarted alone.
require_internal_token() {
  # An earlier version kept a generated one in the run directory.
  rm -f "$run_dir/internal-token"
  local token=${MICRO_INTERNAL_TOKEN:-}
  ((${#token} >= 16)) && return
  die "MICRO_INTERNAL_TOKEN is required: a secret of 16+ characters the gateway and the services share, e.g.
  export MICRO_INTERNAL_TOKEN=\$(openssl rand -hex 32) (keep it where you keep secrets: every start needs the same one)"
}

# The settings a service process gets (the same keys docker-compose.yml sets); everything else, such as GITHUB_TOKEN,
# CIRCLE_CI_TOKEN or Rerun__Delay, comes from the caller's environment, which every process inherits.
service_environment() { # service
  local common=(
    "ASPNETCORE_URLS=http://127.0.0.1:$(port "$1")"
    "Logging__Console__FormatterName=json"
    "MICRO_INTERNAL_TOKEN=$MICRO_INTERNAL_TOKEN"
  )
  case $1 in
    ingestion)
      [[ -n ${GITHUB_WEBHOOK_SECRET:-} ]] || die "GITHUB_WEBHOOK_SECRET is required (the secret of your GitHub webhook)"
      printf '%s\n' "${common[@]}" \
        "Messaging__Transport=RabbitMq" \
        "ConnectionStrings__RabbitMq=$MICRO_RABBITMQ" \
        "Database__Provider=Postgres" \
        "ConnectionStrings__Ingestion=$MICRO_POSTGRES;Database=${prefix}_ingestion" \
        "GITHUB_WEBHOOK_SECRET=$GITHUB_WEBHOOK_SECRET"
      ;;
    rerun)
      printf '%s\n' "${common[@]}" \
        "Messaging__Transport=RabbitMq" \
        "ConnectionStrings__RabbitMq=$MICRO_RABBITMQ" \
        "Database__Provider=Postgres" \
        "ConnectionStrings__Rerun=$MICRO_POSTGRES;Database=${prefix}_rerun"
      ;;
    prlock)
      printf '%s\n' "${common[@]}" \
        "Messaging__Transport=RabbitMq" \
        "ConnectionStrings__RabbitMq=$MICRO_RABBITMQ" \
        "Database__Provider=Postgres" \
        "ConnectionStrings__PrLock=$MICRO_POSTGRES;Database=${prefix}_prlock"
      ;;
    runners)
      printf '%s\n' "${common[@]}" \
        "Messaging__Transport=RabbitMq" \
        "ConnectionStrings__RabbitMq=$MICRO_RABBITMQ" \
        "Database__Provider=Postgres" \
        "ConnectionStrings__RunnerBroker=$MICRO_POSTGRES;Database=${prefix}_runnerbroker"
      ;;
    gitworkflow)
      printf '%s\n' "${common[@]}" \
        "Messaging__Transport=RabbitMq" \
        "ConnectionStrings__RabbitMq=$MICRO_RABBITMQ" \
        "Database__Provider=Postgres" \
        "ConnectionStrings__GitWorkflow=$MICRO_POSTGRES;Database=${prefix}_gitworkflow"
      ;;
    gateway)
      printf '%s\n' "${common[@]}" \
        "ReverseProxy__Clusters__ingestion__Destinations__ingestion-1__Address=http://127.0.0.1:$ingestion_port/" \
        "ReverseProxy__Clusters__rerun__Destinations__rerun-1__Address=http://127.0.0.1:$rerun_port/" \
        "ReverseProxy__Clusters__prlock__Destinations__prlock-1__Address=http://127.0.0.1:$prlock_port/" \
        "ReverseProxy__Clusters__runners__Destinations__runners-1__Address=http://127.0.0.1:$runners_port/" \
        "ReverseProxy__Clusters__gitworkflow__Destinations__gitworkflow-1__Address=http://127.0.0.1:$gitworkflow_port/"
      ;;
  esac
}

pid_of() { [[ -f $run_dir/$1.pid ]] && cat "$run_dir/$1.pid"; }
alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

start_service() { # service
  local service=$1 pid
  pid=$(pid_of "$service" || true)
  if alive "$pid"; then
    log "$service is already running (pid $pid)"
    return
  fi

  mkdir -p "$run_dir"
  local environment=()
  mapfile -t environment < <(service_environment "$service")
  log "starting $service on 127.0.0.1:$(port "$service") (log: $run_dir/$service.log)"
  # From its own output folder, so the content root (and appsettings.json) is the service's own.
  (cd "$(dirname "$(dll "$service")")" && exec env "${environment[@]}" nohup dotnet "$(dll "$service")" >>"$run_dir/$service.log" 2>&1 </dev/null) &
  echo $! >"$run_dir/$service.pid"
  wait_ready "$service" $!
}

wait_ready() { # service pid
  local deadline=$((SECONDS + ready_timeout))
  until curl -fsS -o /dev/null "http://127.0.0.1:$(port "$1")/health/ready" 2>/dev/null; do
    if ! alive "$2"; then
      tail -n 30 "$run_dir/$1.log" >&2
      die "$1 exited during start-up (log above)"
    fi
    ((SECONDS < deadline)) || die "$1 was not ready after ${ready_timeout}s (see $run_dir/$1.log)"
    sleep 0.5
  done
  log "$1 is ready"
}

stop_service() { # service
  local pid
  pid=$(pid_of "$1" || true)
  if alive "$pid"; then
    kill "$pid"
    local deadline=$((SECONDS + 20))
    while alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    alive "$pid" && kill -9 "$pid"
    log "stopped $1"
  fi
  rm -f "$run_dir/$1.pid"
}

build() {
  [[ ${MICRO_SKIP_BUILD:-} == 1 ]] && return
  log "building ($configuration)"
  dotnet build "$root/Micro.sln" -c "$configuration" --nologo -v quiet >&2
}

case ${1:-} in
  start)
    require_api_token
    require_internal_token
    build
    ensure_dependencies
    for service in "${services[@]}"; do start_service "$service"; done
    log "Micro is ready: http://127.0.0.1:$gateway_port (webhooks: POST /webhooks/github)"
    ;;
  start-service)
    [[ -n ${2:-} ]] || die "usage: $0 start-service NAME"
    dll "$2" >/dev/null
    [[ $2 == gateway ]] && require_api_token
    require_internal_token
    ensure_dependencies
    start_service "$2"
    ;;
  stop)
    for ((i = ${#services[@]} - 1; i >= 0; i--)); do stop_service "${services[i]}"; done
    stop_dependencies
    ;;
  reset)
    for ((i = ${#services[@]} - 1; i >= 0; i--)); do stop_service "${services[i]}"; done
    MICRO_POSTGRES='' MICRO_RABBITMQ='' stop_dependencies
    log "deleting $data_dir (MICRO_POSTGRES/MICRO_RABBITMQ servers, if any, are not touched)"
    rm -rf "$data_dir"
    ;;
  status)
    for service in "${services[@]}"; do
      pid=$(pid_of "$service" || true)
      if alive "$pid"; then echo "$service: running (pid $pid, port $(port "$service"))"; else echo "$service: stopped"; fi
    done
    [[ -z $(own_servers) ]] || own_deps status 2>&1 || true
    ;;
  *)
    sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
