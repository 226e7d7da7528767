# Sourced by the evaluation and summary benchmarks: starts a Release build of the portal on SQLite (Production, one
# DataScientist service account) and registers the benchmark's binary scorecard with two versions reading income,
# utilization, tenure_months (numeric) and region (categorical), sensitive attributes gender, age_band and race.
# Needs: root, work, port, key. Sets: url, pid (killed on exit), auth (curl's header), model (the scorecard's id).
start_portal_with_scorecard() { # name of the scorecard
  url="http://127.0.0.1:$port"
  echo "Building the portal (Release) ..."
  dotnet build "$root/ModelOpsPortal.csproj" -c Release -v quiet -nologo > "$work/build.log"
  rm -f "$work/portal.db"*
  local hash
  hash="$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)"
  (
    cd "$root"
    ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$url" \
    ConnectionStrings__Portal="Data Source=$work/portal.db" \
    Auth__Oidc__Authority="https://id.example.invalid/realms/benchmark" Auth__Oidc__ClientId="benchmark" \
    Portal__ServiceAccounts__0__Name="benchmark-pipeline" Portal__ServiceAccounts__0__Roles__0="DataScientist" \
    Portal__ServiceAccounts__0__KeySha256="$hash" \
    exec dotnet "$root/bin/Release/net10.0/ModelOpsPortal.dll"
  ) > "$work/portal.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do
    curl -fs "$url/health/ready" > /dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fs "$url/health/ready" > /dev/null || { echo "The portal did not start; see $work/portal.log"; exit 1; }

  auth=(-H "Authorization: Bearer $key")
  model=$(curl -sS --fail-with-body "${auth[@]}" -H 'Content-Type: application/json' "$url/api/models" -d '{
    "name": "'"$1"'", "purpose": "Benchmark.", "intendedUse": "Benchmark.", "businessUnit": "Benchmark", "owner": "Benchmark",
    "modelType": "BinaryClassification", "riskTier": "Medium", "sensitiveAttributes": ["gender", "age_band", "race"] }' | tee "$work/model.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  for _ in 1 2; do
    curl -sS --fail-with-body "${auth[@]}" -H 'Content-Type: application/json' "$url/api/models/$model/versions" -d '{
      "algorithm": "XGBoost", "language": "Python", "framework": "xgboost 2.1", "artifactUri": "s3://benchmark/model.pkl",
      "artifactSha256": "'"$(printf 'a%.0s' $(seq 64))"'", "codeRepository": "https://git.example.com/benchmark", "codeCommit": "0123abcd",
      "trainingDataset": { "name": "benchmark", "rows": 200000 },
      "features": [ { "name": "income", "type": "Numeric" }, { "name": "utilization", "type": "Numeric" },
                    { "name": "tenure_months", "type": "Numeric" }, { "name": "region", "type": "Categorical" } ] }' > "$work/version.json"
  done
}
