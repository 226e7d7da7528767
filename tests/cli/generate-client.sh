#!/usr/bin/env bash
# Regenerates src/Cli/Client, the modelops tool's Kiota client, from the OpenAPI document the portal serves now, with
# the operations listed in its kiota-lock.json (includePatterns). GeneratedClientTests fails until this is run after a
# contract change the tool would feel.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
port="${MODELOPS_CLIENT_PORT:-5196}"
portal=""
trap 'kill "$portal" 2> /dev/null || true; rm -rf "$work"' EXIT
cd "$root"
dotnet tool restore > /dev/null
dotnet build ModelOpsPortal.csproj > "$work/build.log" || { tail -40 "$work/build.log"; exit 1; }
ConnectionStrings__Portal="Data Source=$work/portal.db" Portal__SeedDemoData=false Urls="http://127.0.0.1:$port" \
  dotnet run --no-build --no-launch-profile -e ASPNETCORE_ENVIRONMENT=Development > "$work/portal.log" 2>&1 &
portal=$!
for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null && break; sleep 1; done
# As a deployment serves it: the test fetches it with the same Host.
curl -sf -H "Host: modelops.corp.internal" "http://127.0.0.1:$port/openapi/v1.json" > "$work/openapi.json"
includes=()
while read -r pattern; do includes+=(--include-path "$pattern"); done < <(node -e \
  'for (const p of require(process.argv[1]).includePatterns) console.log(p)' "$root/src/Cli/Client/kiota-lock.json")
KIOTA_TUTORIAL_ENABLED=false dotnet kiota generate -l CSharp -d "$work/openapi.json" -c PortalClient -n ModelOps.Cli.Client \
  -o src/Cli/Client --exclude-backward-compatible --clean-output "${includes[@]}" > "$work/kiota.log" 2>&1 || { cat "$work/kiota.log"; exit 1; }
echo "src/Cli/Client regenerated from the served document ($(find src/Cli/Client -name '*.cs' | wc -l) files)"
