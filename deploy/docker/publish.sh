#!/usr/bin/env bash
# Publishes every service on the host into artifacts/docker/<Service>, for deploy/Dockerfile's APP_SOURCE=published
# (framework-dependent: the runtime comes from the runtime image). Incremental: after ./test.sh's Release build it only
# copies. Usage: deploy/docker/publish.sh [Service...]   (default: all the compose file runs)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
services=("$@")
((${#services[@]})) || services=(Gateway Ingestion Rerun PrLock RunnerBroker GitWorkflow)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
for service in "${services[@]}"; do
    out=$root/artifacts/docker/$service
    rm -rf "$out"
    printf 'publishing %s into %s ...\n' "$service" "${out#"$root"/}" >&2
    dotnet publish "$root/services/$service/Micro.$service/Micro.$service.csproj" -c Release -o "$out" \
        -p:UseAppHost=false --nologo -v quiet -clp:ErrorsOnly
done
