#!/usr/bin/env bash
# Load run (issues #9, #20): 50 API clients on loopback for a minute (or the seconds given) upload evaluations, register
# versions and open validation requests, every POST under an Idempotency-Key, some resent on purpose. It is the suite's
# LoadTests (15 s there) run longer; it fails on any 500, on a replay that differs from the first answer, or when the
# database does not hold exactly what the clients were told. Prints throughput, latency and counts.
# On SQLite (the default) or on PostgreSQL (a throwaway cluster from the machine's postgresql, as the tests start it).
# Usage: tests/benchmarks/load/run.sh [seconds] [Sqlite|Postgres]
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
export MODELOPS_LOAD_SECONDS="${1:-60}"
export MODELOPS_TEST_PROVIDER="${2:-Sqlite}"
echo "provider: $MODELOPS_TEST_PROVIDER"
dotnet test "$root/tests/ModelOpsPortal.Tests" -nologo --filter "FullyQualifiedName~Platform.LoadTests" \
  --logger "console;verbosity=detailed" | grep -E "clients, |Passed |Failed |Skipped |Assert|Expected|Actual"
