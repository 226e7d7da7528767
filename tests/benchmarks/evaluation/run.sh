#!/usr/bin/env bash
# Evaluation benchmark (issue #4): a 1,000,000-row binary batch (challenger_score, 3 sensitive attributes, 4 features)
# against a 200,000-row baseline, posted over HTTP to a Release build of the portal on SQLite. Prints the time of each
# request, the portal's peak memory (VmHWM), and, when pandas + scikit-learn + SciPy are installed
# (Debian: apt-get install python3-pandas python3-sklearn python3-scipy), the time that stack takes for the same
# metrics from the same files. Usage: tests/benchmarks/evaluation/run.sh [rows] [baseline rows]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
rows="${1:-1000000}"
baseline_rows="${2:-200000}"
work="${BENCHMARK_DIR:-/tmp/modelops-benchmark}"
port="${BENCHMARK_PORT:-5097}"
key="mop_benchmark_$(date +%s)"
mkdir -p "$work"

if [[ ! -f "$work/batch-$rows.csv" || ! -f "$work/baseline-$baseline_rows.csv" ]]; then
  echo "Generating $rows batch rows and $baseline_rows baseline rows in $work ..."
  python3 "$here/generate.py" "$root/tests/ModelOpsPortal.Tests/TestData" "$work/gen" "$rows" "$baseline_rows"
  mv "$work/gen/batch.csv" "$work/batch-$rows.csv"
  mv "$work/gen/baseline.csv" "$work/baseline-$baseline_rows.csv"
fi
batch="$work/batch-$rows.csv"
baseline="$work/baseline-$baseline_rows.csv"

# shellcheck source=../scorecard.sh
source "$here/../scorecard.sh"
start_portal_with_scorecard "Benchmark scorecard"

post() { # url file → seconds (fails on a non-201 answer)
  curl -s -o "$work/response.json" -w '%{http_code} %{time_total}' "${auth[@]}" -H 'Content-Type: text/csv' --data-binary "@$2" "$1" |
    awk -v f="$work/response.json" '$1 != 201 { print "HTTP " $1 " (see " f ")" > "/dev/stderr"; exit 1 } { print $2 }'
}

echo "Uploading the baseline ($(du -h "$baseline" | cut -f1)) ..."
baseline_seconds=$(post "$url/api/models/$model/versions/1/baseline" "$baseline")
echo "Evaluating the batch ($(du -h "$batch" | cut -f1)) five times ..."
times=()
for run in 1 2 3 4 5; do
  times+=("$(post "$url/api/models/$model/evaluations?version=1&challenger=2&name=run$run" "$batch")")
done
peak_mb=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
best=$(printf '%s\n' "${times[@]}" | sort -n | head -1)
slowest=$(printf '%s\n' "${times[@]}" | sort -n | tail -1)
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
auc=$(python3 -c 'import json; print(round(json.load(open("'"$work/response.json"'"))["versions"]["1"]["auc"], 6))')

echo
echo "| Measure | Value |"
echo "|---|---|"
echo "| Machine | $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME") |"
echo "| Batch | $rows rows, $(du -h "$batch" | cut -f1) |"
echo "| Baseline upload ($baseline_rows rows) | ${baseline_seconds} s |"
echo "| Evaluation over HTTP, five runs | ${times[*]} s (median $median s, best $best s) |"
echo "| Portal peak memory (VmHWM, whole run) | $peak_mb MB |"
echo "| AUC of version 1 | $auc |"
science=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import pandas, sklearn, scipy' 2> /dev/null; then science="$candidate"; break; fi
done
if [[ -n "$science" ]]; then
  reference=()
  for run in 1 2 3; do
    reference+=("$("$science" "$here/reference.py" "$batch" "$baseline" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["seconds"], 3))')")
  done
  ref_best=$(printf '%s\n' "${reference[@]}" | sort -n | head -1)
  echo "| pandas + scikit-learn + SciPy, three runs | ${reference[*]} s (best $ref_best s) |"
  echo "| Slowest portal run / fastest reference run | $(python3 -c "print(round($slowest / $ref_best, 2))") (target below 0.33) |"
else
  echo "| pandas + scikit-learn + SciPy | not installed (apt-get install python3-pandas python3-sklearn python3-scipy) |"
fi
