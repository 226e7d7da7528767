#!/usr/bin/env bash
# KPI and inventory page benchmark (issue #11): the server-side render time of /kpis (a signed-in GET of the
# prerendered page, every figure included), once as served (from the KPI snapshot, Kpis:SnapshotSeconds) and once with
# every figure computed from the database on every view (Kpis:SnapshotSeconds=0), and of /models (the page, plus its grid's first 25 rows, which the grid loads
# through the same inventory query as GET /api/models) on the demo portfolio and on a synthetic portfolio of 10,000 models, on a
# Release build with SQLite. Prints the median of 21 requests after 3 warm-ups per page and portfolio, and the ratio of
# large to demo. Usage: tests/benchmarks/kpis/run.sh [models]   (BENCHMARK_DIR, BENCHMARK_PORT to override)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
models="${1:-10000}"
work="${BENCHMARK_DIR:-/tmp/modelops-kpi-benchmark}"
port="${BENCHMARK_PORT:-5098}"
url="http://127.0.0.1:$port"
mkdir -p "$work"

echo "Building the portal (Release) ..."
dotnet build "$root/ModelOpsPortal.csproj" -c Release -v quiet -nologo > "$work/build.log"
dll="$root/bin/Release/net10.0/ModelOpsPortal.dll"

if [[ ! -f "$work/large-$models.db" ]]; then
  echo "Generating $models synthetic models into $work/large-$models.db ..."
  (cd "$root" && ConnectionStrings__Portal="Data Source=$work/large-$models.db.tmp" ASPNETCORE_ENVIRONMENT=Production \
    Auth__Oidc__Authority="https://id.example.invalid/realms/benchmark" Auth__Oidc__ClientId="benchmark" \
    dotnet "$dll" generate-portfolio --models "$models")
  mv "$work/large-$models.db.tmp" "$work/large-$models.db"
fi

# Median milliseconds of GET $1 with the signed-in cookie jar $2.
median() {
  for _ in 1 2 3; do curl -s -o /dev/null -b "$2" "$url$1"; done
  for _ in $(seq 1 21); do curl -s -o /dev/null -b "$2" -w '%{time_total}\n' "$url$1"; done | sort -n | sed -n 11p | awk '{ printf "%.0f", $1 * 1000 }'
}

# Starts the portal (Development: the development sign-in) on database $1 with KPI snapshots of $3 seconds, signs in as
# the executive, measures.
measure() {
  local db="$1" name="$2" snapshot="$3" jar="$work/cookies-$2"
  (cd "$root" && ASPNETCORE_ENVIRONMENT=Development Urls="$url" ConnectionStrings__Portal="Data Source=$db" \
    Kpis__SnapshotSeconds="$snapshot" Logging__LogLevel__Default=Warning exec dotnet "$dll") > "$work/portal-$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 400); do curl -fs "$url/health/ready" > /dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "$url/health/ready" > /dev/null || { echo "The portal did not start; see $work/portal-$name.log"; kill $pid; exit 1; }
  rm -f "$jar"
  local token
  token=$(curl -s -c "$jar" "$url/dev/sign-in" | grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "user=min-jun.lee" \
    --data-urlencode "returnUrl=/" "$url/dev/sign-in"
  local kpis page rows inventory
  kpis=$(median /kpis "$jar")
  # The grid loads its rows after the page renders: the page plus its first page of rows (the same service call).
  page=$(median /models "$jar")
  rows=$(median "/api/models?page=1&pageSize=25" "$jar")
  inventory=$((page + rows))
  kill $pid; wait $pid 2>/dev/null || true
  echo "$name $kpis $inventory"
}

[[ -f "$work/demo.db" ]] || echo "The demo portfolio is seeded on first start (about 90 s) ..."
read -r _ demo_kpis demo_inventory <<< "$(measure "$work/demo.db" demo 60)"
read -r _ large_kpis large_inventory <<< "$(measure "$work/large-$models.db" large 60)"
read -r _ demo_computed _ <<< "$(measure "$work/demo.db" demo-computed 0)"
read -r _ large_computed _ <<< "$(measure "$work/large-$models.db" large-computed 0)"
echo
echo "median server render (ms)                demo   $models models   ratio"
awk -v a="$demo_kpis" -v b="$large_kpis" 'BEGIN { printf "KPI dashboard (/kpis), as served        %5d   %5d          %.2f\n", a, b, b / a }'
awk -v a="$demo_computed" -v b="$large_computed" 'BEGIN { printf "KPI dashboard, computed on every view   %5d   %5d          %.2f\n", a, b, b / a }'
awk -v a="$demo_inventory" -v b="$large_inventory" 'BEGIN { printf "inventory (/models)                     %5d   %5d          %.2f\n", a, b, b / a }'
