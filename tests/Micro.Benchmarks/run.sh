#!/usr/bin/env bash
# Webhook ingestion throughput and latency (tests/Micro.Benchmarks/README.md): builds Release, then loads a bare Kestrel endpoint
# (the machine's ceiling), the standalone host and the distributed topology in turn, and prints a Markdown table on stdout
# (progress on stderr).
#
#   tests/Micro.Benchmarks/run.sh                                   all three targets, 32 clients, 30 s warm-up, 15 s measured
#   tests/Micro.Benchmarks/run.sh --clients 16,32 --duration 30s    options given here override those defaults
#   tests/Micro.Benchmarks/run.sh --targets url=http://127.0.0.1:8080 --secret "$GITHUB_WEBHOOK_SECRET"
#   tests/Micro.Benchmarks/run.sh --help
#
#   MICRO_SKIP_BUILD=1   use what is already built
# The distributed target uses MICRO_POSTGRES/MICRO_RABBITMQ when set, else the loopback servers of deploy/local/deps.sh (started
# for the run and stopped again if they were not already running).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
if [[ ${MICRO_SKIP_BUILD:-} != 1 ]]; then
    echo "building Micro.sln (Release) ..." >&2
    dotnet build Micro.sln -c Release --nologo -v quiet >&2
fi
exec dotnet tests/Micro.Benchmarks/bin/Release/net10.0/Micro.Benchmarks.dll \
    --targets bare,standalone,distributed --clients 32 --warmup 30s --duration 15s --configuration Release "$@"
