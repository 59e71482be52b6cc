#!/usr/bin/env bash
# Measures what clients see when the database is busy or its connections
# die: two `serve` instances share one database under a mixed read/write
# load (`dev load`) while a 60,000-row CSV import runs, first on a SQLite
# file, then on PostgreSQL while a loop also ends the servers' connections
# every few seconds (pg_terminate_backend, as a restart or failover does).
# Prints, per run, the answers by status, p50/p99/max latency and the
# acknowledged writes lost (must be 0: the load fails otherwise).
#
#   make faults                              # 2 minutes per run
#   FAULTS_DURATION=1m make faults           # on a loaded machine
#   FAULTS_PG_URL=postgres://… make faults   # default: the test server
#   FAULTS_ONLY=sqlite|postgres make faults  # one of the two runs
# Not part of `make test`: it takes minutes and measures, never asserts
# timings.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${FAULTS_DURATION:-2m}
rows=${FAULTS_ROWS:-60000}
pg_url=${FAULTS_PG_URL:-${FORCEDRETURNS_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}}

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/forcedreturns" ./cmd/forcedreturns
bin=$work/forcedreturns
export FORCEDRETURNS_NO_SEED=

# The file to import: synthetic figures exported from a scratch database,
# renamed so that every row is a new figure in the database under load.
echo "== making a ${rows}-row CSV"
FORCEDRETURNS_SQLITE_PATH=$work/gen.db "$bin" dev generate --figures "$rows" --seed 7 >/dev/null
FORCEDRETURNS_SQLITE_PATH=$work/gen.db "$bin" export --format csv --status draft,published,retracted --out "$work/export.csv"
sed 's/syn-7-/imp-7-/g' "$work/export.csv" >"$work/import.csv"

wait_up() { # url
  for _ in $(seq 100); do curl -fs -o /dev/null "$1/healthz" && return 0; sleep 0.2; done
  echo "server $1 did not start"; exit 1
}

# run NAME: serves the database the FORCEDRETURNS_* variables name, loads it.
run() {
  local name=$1 kill_loop=${2:-}
  echo
  echo "== $name: two servers, ${duration} of load, a ${rows}-row import${kill_loop:+, connections ended every 3 s}"
  "$bin" migrate >/dev/null
  "$bin" seed >/dev/null
  "$bin" dev generate --figures 1 --seed 99 >/dev/null # the synthetic metrics the CSV uses
  printf 'load-password-123456\n' | "$bin" editor add load@example.org --role editor >/dev/null 2>&1
  token=$("$bin" editor token create load@example.org --name load 2>/dev/null)
  "$bin" serve --addr 127.0.0.1:18081 >"$work/$name-1.log" 2>&1 & pids+=($!)
  "$bin" serve --addr 127.0.0.1:18082 >"$work/$name-2.log" 2>&1 & pids+=($!)
  wait_up http://127.0.0.1:18081; wait_up http://127.0.0.1:18082
  "$bin" dev load --targets http://127.0.0.1:18081,http://127.0.0.1:18082 --token "$token" --duration "$duration" \
    >"$work/$name.out" 2>&1 & local load=$!
  sleep 5
  local killer=""
  if [ -n "$kill_loop" ]; then
    (while sleep 3; do psql -q -At "$pg_url" -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'frt-faults-serve'" \
       >>"$work/kills" 2>/dev/null || true; done) & killer=$!
  fi
  local t0=$SECONDS
  if FORCEDRETURNS_DATABASE_URL=${IMPORT_URL:-${FORCEDRETURNS_DATABASE_URL:-}} "$bin" import --quiet "$work/import.csv" >"$work/$name-import.out" 2>&1; then
    echo "import: $(cat "$work/$name-import.out") in $((SECONDS - t0)) s"
  else
    echo "import failed after $((SECONDS - t0)) s: $(tail -3 "$work/$name-import.out")"
  fi
  local rc=0
  wait "$load" || rc=$?
  [ -n "$killer" ] && kill "$killer" && echo "connection kills: $(wc -l <"$work/kills") rounds, $(awk "{s+=\$1} END {print s+0}" "$work/kills") connections ended"
  cat "$work/$name.out"
  # The servers log JSON: count the levels, and list the 503s by path and cause.
  echo "server log lines by level: $(cat "$work/$name"-[12].log | grep -o '"level":"[A-Z]*"' | sort | uniq -c | tr '\n' ' ')"
  echo "503s by path and store operation:"
  cat "$work/$name"-[12].log | grep '"msg":"database unavailable"' |
    sed -E 's/.*\(store: ([^:]*):.*"path":"([^"]*)".*/\2  \1/' | sort | uniq -c | sort -rn | head -8 || true
  kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; pids=()
  return $rc
}

status=0
only=${FAULTS_ONLY:-}
if [ "$only" != postgres ]; then
  FORCEDRETURNS_DATABASE_URL= FORCEDRETURNS_SQLITE_PATH=$work/load.db run sqlite || status=1
fi
[ "$only" = sqlite ] && exit $status

command -v psql >/dev/null || { echo "no psql: PostgreSQL run skipped"; exit $status; }
schema=faults_$$
psql -q "$pg_url" -c "CREATE SCHEMA $schema"
trap 'psql -q "$pg_url" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1; cleanup' EXIT
sep='?'; [[ $pg_url == *\?* ]] && sep='&'
base="$pg_url${sep}search_path=$schema"
FORCEDRETURNS_DATABASE_URL="$base&application_name=frt-faults-serve" IMPORT_URL="$base&application_name=frt-faults-import" \
  run postgres kill || status=1
exit $status
