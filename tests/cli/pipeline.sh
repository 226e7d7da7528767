#!/usr/bin/env bash
# The modelops tool as a user gets it: packed, installed from the local package with `dotnet tool install`, and run
# against a portal started here (SQLite, two service accounts) through the README's pipeline. A validator approves
# each request with curl while the pipeline waits. Run from anywhere; needs a built portal (dotnet build) and curl.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"; echo "work folder: $work"
port="${MODELOPS_CLI_TEST_PORT:-5197}"
portal=""
trap 'kill "$portal" 2> /dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

dotnet pack "$root/src/Cli/ModelOps.Cli.csproj" -c Release -o "$work/package" > "$work/pack.log"
dotnet tool install ModelOps.Cli --tool-path "$work/tools" --add-source "$work/package" > "$work/install.log"
export PATH="$work/tools:$PATH"
modelops --version

scientist_key="pipeline-key-$RANDOM$RANDOM$RANDOM"
validator_key="validator-key-$RANDOM$RANDOM$RANDOM"
sha() { printf %s "$1" | sha256sum | cut -d' ' -f1; }
(cd "$root" && \
  ConnectionStrings__Portal="Data Source=$work/portal.db" Portal__SeedDemoData=false Urls="http://127.0.0.1:$port" \
  Portal__ServiceAccounts__0__Name=training-pipeline Portal__ServiceAccounts__0__Roles__0=DataScientist Portal__ServiceAccounts__0__KeySha256="$(sha "$scientist_key")" \
  Portal__ServiceAccounts__1__Name=model-validator Portal__ServiceAccounts__1__Roles__0=Validator Portal__ServiceAccounts__1__KeySha256="$(sha "$validator_key")" \
  exec dotnet run --no-build --no-launch-profile -e ASPNETCORE_ENVIRONMENT=Development > "$work/portal.log" 2>&1) &
portal=$!
for _ in $(seq 1 90); do
  curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null && break
  sleep 1
done

# A validator approving every pending request, as the model-risk team would on the portal.
(for _ in $(seq 1 240); do
  for id in $(curl -sf -H "Authorization: Bearer $validator_key" "http://127.0.0.1:$port/api/requests?status=pending" | grep -oP '"id":\s*\K[0-9]+(?=,\s*"modelId")'); do
    curl -sf -X POST -H "Authorization: Bearer $validator_key" -H 'Content-Type: application/json' \
      -d '{"comment": "Validation pack checked."}' "http://127.0.0.1:$port/api/requests/$id/approve" > /dev/null || true
  done
  sleep 0.5
done) &

cd "$root/tests/cli"
data="$root/tests/ModelOpsPortal.Tests/TestData/evaluation"
echo "model bytes of run 42" > "$work/model.pkl"
cut -d, -f1-3,5- "$data/current.csv" > "$work/scored.csv" # a first version has no challenger to score beside it
# The README's pipeline, line for line.
export MODELOPS_PORTAL="http://127.0.0.1:$port" MODELOPS_API_KEY="$scientist_key"
modelops login
modelops register-model --file model.yaml
modelops register-version --model "Retail PD scorecard" --file version.yaml --artifact "$work/model.pkl"
modelops metrics --model "Retail PD scorecard" --version latest --metric auc:validation=0.81,ks:out-of-time=0.44
modelops baseline --model "Retail PD scorecard" --version latest --file "$data/reference.csv"
modelops evaluate --model "Retail PD scorecard" --version latest --file "$work/scored.csv" --period-start 2026-11-01
modelops request --model "Retail PD scorecard" --version latest --kind validation --justification "Run 42" --wait --timeout 120
modelops request --model "Retail PD scorecard" --version latest --kind promotion --role champion --justification "Run 42" --wait --timeout 120
modelops champion --model "Retail PD scorecard" --json > "$work/champion.json"

grep -q "\"artifactSha256\":\"$(sha256sum "$work/model.pkl" | cut -d' ' -f1)\"" "$work/champion.json" \
  || { echo "the champion's SHA-256 is not the artifact's"; cat "$work/champion.json"; exit 1; }
# A batch evaluated where it lives (README, "Evaluating where the data lives"): the installed tool runs the portal's
# query with its own DuckDB over the file and uploads only the summary.
modelops evaluate-summary --model "Retail PD scorecard" --version latest --source "$work/scored.csv" --period-start 2026-11-02 > "$work/summary.log"
grep -q "from a summary at 4 decimals" "$work/summary.log" || { echo "evaluate-summary did not evaluate from a summary"; cat "$work/summary.log"; exit 1; }
set +e
modelops register-model --file model.yaml 2> "$work/again.log"
status=$?
set -e
[ "$status" -eq 4 ] || { echo "registering the model twice exited $status, not 4 (conflict)"; cat "$work/again.log"; exit 1; }
echo "modelops pipeline: installed tool, whole flow, champion v1 with the artifact's SHA-256, a batch evaluated from its summary"
