#!/usr/bin/env bash
# Viewers benchmark (issue #22): how much server memory each open tab of the portal holds. Builds Release, starts the
# portal on a fresh SQLite database with the demo portfolio and the development sign-in, opens N signed-in tabs per page
# kind in Debian's chromium (Playwright), and measures the live managed heap (dotnet-gcdump: a full collection, then a
# heap walk), the RSS and the live Blazor circuits before, with the tabs open, and a while after closing them.
# Usage: tests/benchmarks/viewers/run.sh [tabs per page, 30] [seconds to wait after closing, 20] [path...]
# Needs: the .NET SDK, node and npm, chromium (apt-get install chromium). Prints a table for README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
here="$root/tests/benchmarks/viewers"
tabs="${1:-30}"
wait_after="${2:-20}"
shift $(( $# > 2 ? 2 : $# ))
paths=("$@")
if [ ${#paths[@]} -eq 0 ]; then
  # The executives' dashboard, the inventory, and the read-only views (model card, lineage, evaluation) of demo model 1.
  paths=(/kpis /models /models/1/versions/1/card /models/1/versions/1/lineage /models/1)
fi
port="${MODELOPS_VIEWERS_PORT:-5191}"
work="$(mktemp -d)"
portal=""
trap 'kill "$portal" 2> /dev/null || true; rm -rf "$work"' EXIT

cd "$root"
dotnet tool restore > /dev/null
dotnet build -c Release ModelOpsPortal.csproj -nologo -v q > "$work/build.log" || { tail -40 "$work/build.log"; exit 1; }
(cd "$here" && npm install --no-audit --no-fund --silent > "$work/npm.log" 2>&1) || { cat "$work/npm.log"; exit 1; }

# The app's own process (not `dotnet run`'s), so the heap and RSS measured are the portal's.
ConnectionStrings__Portal="Data Source=$work/portal.db" Urls="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Development \
  Logging__LogLevel__Default=Warning dotnet bin/Release/net10.0/ModelOpsPortal.dll > "$work/portal.log" 2>&1 &
portal=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null || { echo "the portal did not start"; cat "$work/portal.log"; exit 1; }

echo "Release build, $(nproc) cores, $tabs tabs per page, measured ${wait_after} s after closing them"
node "$here/tabs.js" "http://127.0.0.1:$port" "$portal" "$tabs" "$wait_after" "${paths[@]}"
