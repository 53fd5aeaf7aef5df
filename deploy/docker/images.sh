#!/usr/bin/env bash
# A Docker engine on this machine, and the public images Micro runs on (RabbitMQ, PostgreSQL, the ASP.NET Core runtime),
# or local stand-ins for them where no image registry is reachable.
#
#   deploy/docker/images.sh engine    install Docker (Debian's docker.io, docker-compose) and start dockerd where missing
#   deploy/docker/images.sh ensure    engine, then each image: present, or pulled, or its stand-in built (once; reused)
#   deploy/docker/images.sh env       print the exports naming the images to use (eval "$(deploy/docker/images.sh env)")
#
# Settings (environment), each defaulting to the public image:
#   MICRO_RABBITMQ_IMAGE        rabbitmq:3.13-management
#   MICRO_POSTGRES_IMAGE        postgres:15
#   MICRO_DOTNET_RUNTIME_IMAGE  mcr.microsoft.com/dotnet/aspnet:10.0
#   MICRO_DOCKER_RUN_DIR        dockerd's log when started here, build scratch   (default /tmp/micro-docker)
#
# A stand-in (deploy/docker/stand-ins/<name>) is built from a Debian base made with debootstrap and `docker import`
# (about a minute the first time), and honours the public image's environment variables. It is rebuilt only when its
# files (or, for the runtime, the host's .NET version) change: its label records what it was built from.
#
# Sourcing this file only defines functions (test.sh and smoke.sh do): docker_engine records in DOCKER_STARTED
# whether it started dockerd itself, so that the caller can stop only what it started (docker_stop_engine).

DOCKER_RUN_DIR=${MICRO_DOCKER_RUN_DIR:-/tmp/micro-docker}
DOCKER_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DOCKER_STANDIN_BASE=micro-local/debian:bookworm
DOCKER_STARTED=0

# name, public image (overridable), stand-in tag
DOCKER_IMAGES=(
    "rabbitmq ${MICRO_RABBITMQ_IMAGE:-rabbitmq:3.13-management} micro-local/rabbitmq:3-management"
    "postgres ${MICRO_POSTGRES_IMAGE:-postgres:15} micro-local/postgres:15"
    "aspnet ${MICRO_DOTNET_RUNTIME_IMAGE:-mcr.microsoft.com/dotnet/aspnet:10.0} micro-local/aspnet:10.0"
)

docker_log() { printf '%s\n' "$*" >&2; }
docker_die() { printf 'error: %s\n' "$*" >&2; exit 1; }
docker_sudo() { if ((EUID == 0)); then "$@"; else sudo "$@"; fi; }

docker_engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

docker_engine() {
    mkdir -p "$DOCKER_RUN_DIR"
    if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null || ! command -v debootstrap >/dev/null; then
        docker_log "installing Docker (docker.io, docker-compose, debootstrap) with apt ..."
        (
            docker_sudo apt-get update
            docker_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
                -o DPkg::Lock::Timeout=600 docker.io docker-compose debootstrap
        ) </dev/null >"$DOCKER_RUN_DIR/apt-install.log" 2>&1 ||
            { tail -n 30 "$DOCKER_RUN_DIR/apt-install.log" >&2; docker_die "could not install Docker"; }
    fi
    docker_engine_answers && return 0
    docker_log "starting dockerd (log in $DOCKER_RUN_DIR/dockerd.log) ..."
    # No systemd here; setsid keeps the daemon out of our terminal's signals.
    docker_sudo setsid dockerd </dev/null >"$DOCKER_RUN_DIR/dockerd.log" 2>&1 &
    DOCKER_STARTED=1
    local deadline=$((SECONDS + 60))
    until docker_engine_answers; do
        ((SECONDS < deadline)) || { tail -n 30 "$DOCKER_RUN_DIR/dockerd.log" >&2; docker_die "dockerd did not answer within 60 s"; }
        sleep 1
    done
}

docker_stop_engine() {
    ((DOCKER_STARTED)) || return 0
    local pid
    pid=$(cat /var/run/docker.pid 2>/dev/null) || return 0
    docker_log "stopping dockerd (pid $pid) ..."
    docker_sudo kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
    DOCKER_STARTED=0
}

# Compose 1.29 builds with the `docker` client on the PATH (COMPOSE_DOCKER_CLI_BUILD=1), and deploy/Dockerfile needs BuildKit.
# Clients since Docker 23 build with BuildKit only through the buildx plugin; Debian's own client (20.10, /usr/bin/docker) has
# it built in, so it goes first on the PATH when the client found lacks buildx.
docker_buildkit_client() {
    local major
    docker buildx version >/dev/null 2>&1 && return 0
    major=$(docker version -f '{{.Client.Version}}' 2>/dev/null | cut -d. -f1)
    ((${major:-0} < 23)) && return 0
    [[ -x /usr/bin/docker ]] || docker_die "the docker client on the PATH cannot build with BuildKit: install its buildx plugin"
    mkdir -p "$DOCKER_RUN_DIR/bin"
    ln -sf /usr/bin/docker "$DOCKER_RUN_DIR/bin/docker"
    export PATH=$DOCKER_RUN_DIR/bin:$PATH
}

docker_has_image() { docker image inspect "$1" >/dev/null 2>&1; }

# What a stand-in is built from: its files, and for the runtime the host's .NET version; a change means a rebuild.
docker_standin_source() { # name
    (cd "$DOCKER_HERE/stand-ins/$1" && sha256sum ./* && if [[ $1 == aspnet ]]; then docker_host_runtime_version; fi) | sha256sum | cut -c1-16
}

docker_host_dotnet() { dirname "$(readlink -f "$(command -v dotnet)")"; }

docker_host_runtime_version() {
    local dir
    dir=$(docker_host_dotnet)/shared/Microsoft.AspNetCore.App
    find "$dir" -mindepth 1 -maxdepth 1 -name '10.*' -printf '%f\n' | sort -V | tail -n1
}

docker_base() {
    docker_has_image "$DOCKER_STANDIN_BASE" && return 0
    local mirror root=$DOCKER_RUN_DIR/debootstrap
    # The machine's own Debian mirror (deb822 or one-line sources).
    mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
        grep -oE '^(URIs:|deb)[^#]* https?://[^ ]+/debian/?( |$)' | grep -oE 'https?://[^ ]+' | head -n1 || true)
    mirror=${mirror:-http://deb.debian.org/debian}
    docker_log "building the Debian base image $DOCKER_STANDIN_BASE with debootstrap from $mirror (about a minute) ..."
    docker_sudo rm -rf "$root"
    docker_sudo debootstrap --variant=minbase bookworm "$root" "$mirror" >"$DOCKER_RUN_DIR/debootstrap.log" 2>&1 ||
        { tail -n 30 "$DOCKER_RUN_DIR/debootstrap.log" >&2; docker_die "debootstrap failed"; }
    docker_sudo tar -C "$root" -c . | docker import - "$DOCKER_STANDIN_BASE" >/dev/null
    docker_sudo rm -rf "$root"
}

docker_build_standin() { # name tag
    local name=$1 tag=$2 source context
    source=$(docker_standin_source "$name")
    if docker_has_image "$tag" &&
        [[ $(docker image inspect -f '{{index .Config.Labels "micro.stand-in"}}' "$tag") == "$source" ]]; then
        return 0
    fi
    docker_base
    context=$DOCKER_HERE/stand-ins/$name
    if [[ $name == aspnet ]]; then
        # The runtime alone (no SDK): the muxer, the host resolver and the two shared frameworks.
        local dotnet version
        dotnet=$(docker_host_dotnet)
        version=$(docker_host_runtime_version)
        [[ -n $version ]] || docker_die "no ASP.NET Core 10 runtime in $dotnet to copy into $tag"
        context=$DOCKER_RUN_DIR/aspnet-context
        rm -rf "$context"
        mkdir -p "$context/dotnet/shared/Microsoft.NETCore.App" "$context/dotnet/shared/Microsoft.AspNetCore.App"
        cp "$DOCKER_HERE/stand-ins/aspnet/Dockerfile" "$context/"
        cp -a "$dotnet/dotnet" "$dotnet/host" "$dotnet/LICENSE.txt" "$dotnet/ThirdPartyNotices.txt" "$context/dotnet/"
        cp -a "$dotnet/shared/Microsoft.AspNetCore.App/$version" "$context/dotnet/shared/Microsoft.AspNetCore.App/"
        cp -a "$dotnet/shared/Microsoft.NETCore.App/$version" "$context/dotnet/shared/Microsoft.NETCore.App/"
    fi
    docker_log "building the stand-in image $tag (deploy/docker/stand-ins/$name) ..."
    docker build -q --build-arg "BASE_IMAGE=$DOCKER_STANDIN_BASE" --label "micro.stand-in=$source" -t "$tag" "$context" \
        >"$DOCKER_RUN_DIR/build-$name.log" 2>&1 ||
        { tail -n 30 "$DOCKER_RUN_DIR/build-$name.log" >&2; docker_die "could not build $tag"; }
    [[ $name != aspnet ]] || rm -rf "$context"
}

# The image to use for each: the public one when present or pullable, else its stand-in. Sets DOCKER_USE_<name>.
docker_ensure_images() {
    local line name public standin
    for line in "${DOCKER_IMAGES[@]}"; do
        read -r name public standin <<<"$line"
        if docker_has_image "$public" || timeout 120 docker pull -q "$public" >/dev/null 2>&1; then
            printf -v "DOCKER_USE_$name" '%s' "$public"
        else
            docker_build_standin "$name" "$standin"
            printf -v "DOCKER_USE_$name" '%s' "$standin"
        fi
    done
}

docker_env() {
    printf "export MICRO_RABBITMQ_IMAGE='%s'\n" "${DOCKER_USE_rabbitmq:?}"
    printf "export MICRO_POSTGRES_IMAGE='%s'\n" "${DOCKER_USE_postgres:?}"
    printf "export MICRO_DOTNET_RUNTIME_IMAGE='%s'\n" "${DOCKER_USE_aspnet:?}"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    case ${1:-} in
        engine) docker_engine ;;
        ensure) docker_engine; docker_ensure_images; docker_env ;;
        env) docker_ensure_images; docker_env ;;
        *) sed -n '2,9s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
    esac
fi
