#!/usr/bin/env bash
# Measures webhook ingestion: builds Release, starts RabbitMQ and PostgreSQL on loopback (deploy/local/deps.sh), then loads
# a bare Kestrel endpoint (the machine's ceiling), the standalone host and the distributed topology in turn.
#   tests/Micro.Benchmarks/run.sh [--targets bare,standalone,distributed] [--clients 32] [--duration 15] [--warmup 5]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
dotnet build Micro.sln -c Release --nologo -v quiet >&2
eval "$(deploy/local/deps.sh start)"
exec dotnet tests/Micro.Benchmarks/bin/Release/net10.0/Micro.Benchmarks.dll "$@"
