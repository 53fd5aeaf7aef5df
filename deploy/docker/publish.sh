#!/usr/bin/env bash
# Publishes the services on the host into artifacts/docker/Micro.<Service>, for deploy/Dockerfile's APP_SOURCE=published
# (framework-dependent: the runtime comes from the runtime image). Incremental: after ./test.sh's Release build it
# mostly copies.   deploy/docker/publish.sh [Service...]   (default: every service docker-compose.yml runs)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
services=()
(($# == 0)) || services=("-p:Services=$(IFS=';' && echo "$*")")
rm -rf "$root/artifacts/docker"
dotnet restore "$root/Micro.sln" --verbosity quiet
dotnet msbuild "$root/deploy/docker/Publish.proj" -t:Publish -m -nologo -v:quiet -clp:ErrorsOnly "${services[@]}"
