#!/usr/bin/env bash
# Measures export throughput and peak memory against the sqlite3 CLI on the
# same database, in the same run (the machine is shared and noisy, so only
# ratios measured side by side mean anything); then the pages of a running
# server (first and deep pages of /figures, by cursor and by offset, the
# API, /checks) beside the same queries in the sqlite3 or psql CLI and a
# static file of the same server; then the Go benchmarks of the web layer
# (overview vs a trivial Gin handler, page weight).
#
#   make bench                      # 1,000,000 figures
#   BENCH_FIGURES=200000 make bench
#   BENCH_DB=/tmp/bench.db make bench   # keep the generated database for reruns
#   BENCH_DATABASE_URL=postgres://… make bench   # the pages on PostgreSQL too
#   BENCH_PARTS=pages make bench    # only some of export, pages, go
set -euo pipefail
cd "$(dirname "$0")/.."
n=${BENCH_FIGURES:-1000000}
runs=${BENCH_RUNS:-3}
parts=${BENCH_PARTS:-export,pages,go}
part() { [[ ",$parts," == *",$1,"* ]]; }
command -v sqlite3 >/dev/null || { echo "bench needs the sqlite3 CLI (apt-get install sqlite3)"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench needs /usr/bin/time (apt-get install time)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/forcedreturns" ./cmd/forcedreturns
db=${BENCH_DB:-$work/bench.db}
export FORCEDRETURNS_SQLITE_PATH="$db" FORCEDRETURNS_NO_SEED=1

if [ -s "$db" ]; then
  echo "== reusing $db"
else
  echo "== generating $n synthetic figures"
  "$work/forcedreturns" dev generate --figures "$n"
fi
rows=$(sqlite3 "$db" 'SELECT COUNT(*) FROM figures')
echo "figures in the database: $rows ($(du -h "$db" | cut -f1))"

# The reference: the same join and order, written by the sqlite3 CLI.
ref_sql="SELECT f.*, m.label, s.* FROM figures f JOIN metrics m ON m.slug = f.metric JOIN sources s ON s.key = f.source
WHERE f.status IN ('published', 'retracted') ORDER BY f.period_start, f.metric, f.key;"

measure() { # label, command… → prints "seconds peakKB"
  local label=$1; shift
  local best_s="" best_kb=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out"
    read -r s kb <"$work/time"
    if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; fi
    if [ -z "$best_kb" ] || [ "$kb" -gt "$best_kb" ]; then best_kb=$kb; fi
  done
  local bytes; bytes=$(wc -c <"$work/out")
  printf '%-28s best of %d: %7.2f s  %9.0f rows/s  peak RSS %6.1f MB  output %6.1f MB\n' \
    "$label" "$runs" "$best_s" "$(awk "BEGIN{print $rows/$best_s}")" "$(awk "BEGIN{print $best_kb/1024}")" "$(awk "BEGIN{print $bytes/1048576}")"
  echo "$best_s $best_kb" >"$work/$label.result"
}

if part export; then
echo "== export (CSV, all figures, streamed)"
measure sqlite3-csv sqlite3 -csv -header "$db" "$ref_sql"
measure forcedreturns-csv "$work/forcedreturns" export --format csv
measure forcedreturns-ndjson "$work/forcedreturns" export --format ndjson
read -r ref_s ref_kb <"$work/sqlite3-csv.result"
read -r our_s our_kb <"$work/forcedreturns-csv.result"
awk -v r="$ref_s" -v o="$our_s" -v rk="$ref_kb" -v ok="$our_kb" 'BEGIN{
  printf "throughput ratio forcedreturns/sqlite3: %.2f (target >= 0.50)\n", r/o
  printf "peak RSS forcedreturns: %.1f MB (target < 100 MB); sqlite3: %.1f MB\n", ok/1024, rk/1024 }'
fi

if part pages; then
  bash .ci/bench-pages.sh "$work/forcedreturns" sqlite "$db" "$runs"
  if [ -n "${BENCH_DATABASE_URL:-}" ]; then
    bash .ci/bench-pages.sh "$work/forcedreturns" postgres "$BENCH_DATABASE_URL" "$runs" "$n"
  fi
fi

if part go; then
echo "== Go benchmarks: export encoders, store iteration, web layer"
go test -run '^$' -bench 'BenchmarkWriteCSV' -benchmem ./internal/export/ 2>&1 | grep -E '^(Benchmark|ok)' || true
go test -run '^$' -bench 'BenchmarkEachFigure' -benchtime 2x -benchmem ./internal/store/ 2>&1 | grep -E '^(Benchmark|ok)' || true
go test -run '^$' -bench 'BenchmarkServe' -benchtime 1x ./dashboard/ 2>&1 | grep -E '^(Benchmark|ok|PASS)|ratio|KB' || true
FORCEDRETURNS_BENCH_DB="$db" go test -run '^$' -bench 'BenchmarkExportStore' -benchtime 1x ./internal/export/ 2>&1 | grep -E '^(Benchmark|ok)' || true

echo "== SQLite drivers side by side on the export's query (a module of its own: .ci/driverbench)"
(cd .ci/driverbench && export FORCEDRETURNS_BENCH_DB="$db" CGO_ENABLED=0 &&
  go test -run '^$' -bench . -benchtime 2x 2>&1 | grep -E '^Benchmark' &&
  go test -tags modernc -run '^$' -bench . -benchtime 2x 2>&1 | grep -E '^Benchmark') || true
fi
