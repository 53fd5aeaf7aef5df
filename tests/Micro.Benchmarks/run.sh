#!/usr/bin/env bash
# Webhook throughput, answer and end-to-end latency, CPU and memory (tests/Micro.Benchmarks/README.md): builds Release, installs the
# Probot peer if needed, then loads a bare Kestrel endpoint (the machine's ceiling), the standalone host, the distributed topology,
# the rerun-latency scenario and the Probot peer in turn with the same GitHub-like stream, and prints the README's tables in
# Markdown on stdout (progress on stderr). About 10 minutes with the defaults.
#
#   tests/Micro.Benchmarks/run.sh > results.md                      everything, 32 clients, 20 s idle, 30 s warm-up, 15 s measured
#   tests/Micro.Benchmarks/run.sh --targets distributed --clients 16,32 --duration 30s
#   tests/Micro.Benchmarks/run.sh --targets url=http://127.0.0.1:8080 --secret "$GITHUB_WEBHOOK_SECRET"
#   tests/Micro.Benchmarks/run.sh --help
#
#   MICRO_SKIP_BUILD=1   use what is already built (and the Probot peer as installed)
# The distributed targets use deploy/local/deps.sh's PostgreSQL and RabbitMQ (started for the run and stopped again if they were
# not already running).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
if [[ ${MICRO_SKIP_BUILD:-} != 1 ]]; then
    echo "building Micro.sln (Release) ..." >&2
    dotnet build Micro.sln -c Release --nologo -v quiet >&2
    peer=tests/Micro.Benchmarks/peers/probot
    if [[ ! -d $peer/node_modules/probot ]]; then
        if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
            echo "installing Node.js for the Probot peer (apt-get install nodejs npm) ..." >&2
            apt-get install -y -q nodejs npm >&2
        fi
        echo "installing the Probot peer (npm ci, versions pinned in $peer/package-lock.json) ..." >&2
        npm ci --prefix "$peer" --no-audit --no-fund >&2
    fi
fi
exec dotnet tests/Micro.Benchmarks/bin/Release/net10.0/Micro.Benchmarks.dll --configuration Release "$@"
