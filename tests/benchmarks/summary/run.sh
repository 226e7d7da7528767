#!/usr/bin/env bash
# Summary benchmark (issue #18): batches of 1M, 10M and 100M rows (deterministic Parquet files DuckDB writes: scores with
# 4 decimals and a challenger, 3 sensitive attributes, 4 features) are evaluated where they live: DuckDB runs the
# portal's summary query over the file and the result set is posted to a Release build of the portal on SQLite.
# Prints, per size: the query's time, the summary's size, the upload's time and the portal's peak memory during it
# (VmHWM, reset before each upload); then the row upload of the same file where it goes (1M and 10M by default), its
# time and peak memory, and whether every figure of both evaluations agrees to 1e-9; then the 1M batch on SQLite and
# PostgreSQL (a throwaway cluster) with README's commands (sqlite3, psql), each summary against the row upload.
# Usage: tests/benchmarks/summary/run.sh [sizes…]   (default: 1000000 10000000 100000000; BENCHMARK_ROW_UPLOADS="1000000 10000000")
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
sizes=("${@:-1000000 10000000 100000000}")
read -r -a sizes <<< "${sizes[*]}"
row_uploads="${BENCHMARK_ROW_UPLOADS:-1000000 10000000}"
work="${BENCHMARK_DIR:-/tmp/modelops-summary-benchmark}"
port="${BENCHMARK_PORT:-5098}"
key="mop_benchmark_$(date +%s)"
mkdir -p "$work"
bench() { (cd "$here" && dotnet run bench.cs -- "$@"); }

echo "Building the DuckDB steps ..."
bench generate 200000 "$work/baseline.parquet" baseline
for rows in "${sizes[@]}"; do
  if [[ ! -f "$work/batch-$rows.parquet" ]]; then
    echo "Generating $rows rows ..."
    bench generate "$rows" "$work/batch-$rows.parquet"
  fi
done

# shellcheck source=../scorecard.sh
source "$here/../scorecard.sh"
start_portal_with_scorecard "Summary benchmark scorecard"

post() { # url file content-type output → seconds (fails on a non-201 answer)
  curl -s -o "$4" -w '%{http_code} %{time_total}' "${auth[@]}" -H "Content-Type: $3" --data-binary "@$2" "$1" |
    awk -v f="$4" '$1 != 201 { print "HTTP " $1 " (see " f ")" > "/dev/stderr"; exit 1 } { print $2 }'
}
same_figures() { # two evaluation answers → whether every figure agrees to 1e-9
  python3 - "$1" "$2" <<'EOF'
import json, sys
rows, summary = (json.load(open(f)) for f in sys.argv[1:3])
differences = []
def compare(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in set(a) | set(b):
            if k not in a or k not in b: differences.append(f"{path}.{k}: only in one")
            else: compare(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b): differences.append(f"{path}: {len(a)} vs {len(b)} items")
        else:
            for i, (x, y) in enumerate(zip(a, b)): compare(x, y, f"{path}[{i}]")
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if abs(a - b) > 1e-9: differences.append(f"{path}: {a!r} vs {b!r}")
    elif a != b: differences.append(f"{path}: {a!r} vs {b!r}")
for part in ["rowCount", "versions", "drift", "comparison", "fairness", "challengerFairness", "curves"]:
    compare(rows.get(part), summary.get(part), "$." + part)
print("every figure equal (1e-9)" if not differences else f"{len(differences)} differ, e.g. {differences[0]}")
EOF
}
reset_peak() { echo 5 > "/proc/$pid/clear_refs"; }
peak_mb() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$pid/status"; }

post "$url/api/models/$model/versions/1/baseline" "$work/baseline.parquet" application/vnd.apache.parquet "$work/baseline.json" > /dev/null
curl -sS --fail-with-body "${auth[@]}" "$url/api/models/$model/evaluations/summary-query?version=1&challenger=2&dialect=duckdb&source=batch&precision=4" > "$work/query.sql"
echo "Portal at rest: $(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status") MB"

summary_rows=()
for rows in "${sizes[@]}"; do
  echo "Summarising $rows rows with DuckDB ..."
  seconds=$(bench query "$work/query.sql" "$work/batch-$rows.parquet" "$work/summary-$rows.csv")
  reset_peak
  upload=$(post "$url/api/models/$model/evaluations/summary?version=1&challenger=2&precision=4&name=summary-$rows" "$work/summary-$rows.csv" text/csv "$work/summary-$rows.json")
  summary_rows+=("| $rows | $(du -h "$work/batch-$rows.parquet" | cut -f1) | $seconds s | $(($(wc -l < "$work/summary-$rows.csv") - 1)) rows, $(du -h "$work/summary-$rows.csv" | cut -f1) | $upload s | $(peak_mb) MB |")
done

upload_rows=()
for rows in $row_uploads; do
  [[ -f "$work/batch-$rows.parquet" ]] || continue
  echo "Uploading the $rows rows themselves ..."
  reset_peak
  if upload=$(post "$url/api/models/$model/evaluations?version=1&challenger=2&name=rows-$rows" "$work/batch-$rows.parquet" application/vnd.apache.parquet "$work/rows-$rows.json"); then
    same=$(same_figures "$work/rows-$rows.json" "$work/summary-$rows.json")
    upload_rows+=("| $rows | $(du -h "$work/batch-$rows.parquet" | cut -f1) | $upload s | $(peak_mb) MB | $same |")
  else
    upload_rows+=("| $rows | $(du -h "$work/batch-$rows.parquet" | cut -f1) | refused (see $work/rows-$rows.json) | $(peak_mb) MB | |")
  fi
done

# The same batch on SQLite and PostgreSQL, with the commands README gives (sqlite3, psql), where they are installed.
engine_rows=()
at="${BENCHMARK_ENGINES_AT:-1000000}"
if [[ -f "$work/batch-$at.parquet" && -f "$work/rows-$at.json" ]]; then
  bench csv "$work/batch-$at.parquet" "$work/batch-$at.csv"
  columns="record_id BIGINT, score DOUBLE PRECISION, challenger_score DOUBLE PRECISION, label INTEGER, gender TEXT, age_band TEXT, race TEXT, income DOUBLE PRECISION, utilization DOUBLE PRECISION, tenure_months INTEGER, region TEXT"
  if command -v sqlite3 > /dev/null; then
    echo "Summarising $at rows on SQLite ..."
    rm -f "$work/warehouse.db"
    sqlite3 "$work/warehouse.db" "CREATE TABLE batch (${columns//DOUBLE PRECISION/REAL})" ".import --csv --skip 1 $work/batch-$at.csv batch"
    curl -sS --fail-with-body "${auth[@]}" "$url/api/models/$model/evaluations/summary-query?version=1&challenger=2&dialect=sqlite&source=batch&precision=4" > "$work/query-sqlite.sql"
    started=$(date +%s.%N)
    sqlite3 -header -csv "$work/warehouse.db" < "$work/query-sqlite.sql" > "$work/summary-sqlite-$at.csv"
    seconds=$(echo "$(date +%s.%N) - $started" | bc)
    post "$url/api/models/$model/evaluations/summary?version=1&challenger=2&precision=4&name=sqlite-$at" "$work/summary-sqlite-$at.csv" text/csv "$work/summary-sqlite-$at.json" > /dev/null
    engine_rows+=("| SQLite ($(sqlite3 --version | cut -d' ' -f1)) | $at | $(printf '%.2f' "$seconds") s | $(same_figures "$work/rows-$at.json" "$work/summary-sqlite-$at.json") |")
  fi
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1)
  if [[ -n "$pg_bin" && $(id -u) -eq 0 ]]; then
    echo "Summarising $at rows on PostgreSQL ..."
    pg="$work/pg"
    rm -rf "$pg" && mkdir -p "$pg" && chown postgres:postgres "$pg"
    runuser -u postgres -- "$pg_bin/initdb" -D "$pg/data" -U postgres -A trust --no-sync > "$work/initdb.log"
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg/data" -o "-p $((port + 1)) -k $pg -c listen_addresses=''" -l "$pg/server.log" -w start > /dev/null
    trap 'kill $pid 2>/dev/null || true; runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg/data" -m immediate stop > /dev/null 2>&1 || true' EXIT
    export DATABASE_URL="postgresql://postgres@/postgres?host=$pg&port=$((port + 1))"
    psql -q "$DATABASE_URL" -c "CREATE TABLE batch ($columns)" -c "\\copy batch FROM '$work/batch-$at.csv' WITH (FORMAT csv, HEADER)"
    curl -sS --fail-with-body "${auth[@]}" "$url/api/models/$model/evaluations/summary-query?version=1&challenger=2&dialect=postgres&source=batch&precision=4" > "$work/query-postgres.sql"
    started=$(date +%s.%N)
    psql "$DATABASE_URL" -c "COPY ($(cat "$work/query-postgres.sql")) TO STDOUT WITH (FORMAT csv, HEADER)" > "$work/summary-postgres-$at.csv"
    seconds=$(echo "$(date +%s.%N) - $started" | bc)
    post "$url/api/models/$model/evaluations/summary?version=1&challenger=2&precision=4&name=postgres-$at" "$work/summary-postgres-$at.csv" text/csv "$work/summary-postgres-$at.json" > /dev/null
    engine_rows+=("| PostgreSQL $(psql -tA "$DATABASE_URL" -c "SHOW server_version" | cut -d' ' -f1) | $at | $(printf '%.2f' "$seconds") s | $(same_figures "$work/rows-$at.json" "$work/summary-postgres-$at.json") |")
  fi
fi

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"); precision 4"
echo
echo "| Rows | Parquet | DuckDB query | Summary | Summary upload | Portal peak during upload |"
echo "|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${summary_rows[@]}"
if [[ ${#upload_rows[@]} -gt 0 ]]; then
  echo
  echo "| Rows | Parquet | Row upload | Portal peak during upload | Figures against the summary's |"
  echo "|---:|---:|---:|---:|---|"
  printf '%s\n' "${upload_rows[@]}"
fi
if [[ ${#engine_rows[@]} -gt 0 ]]; then
  echo
  echo "| Engine | Rows | Query (its own client) | Figures against the row upload's |"
  echo "|---|---:|---:|---|"
  printf '%s\n' "${engine_rows[@]}"
fi
