#!/usr/bin/env bash
# make bench: generates databases of synthetic figures of several sizes on
# SQLite and on PostgreSQL and measures, per size, what issue 12 asks of
# a million figures, each beside a reference measured in the same run (the
# machine is shared and noisy: only ratios measured side by side mean
# anything), then the growth of each measure from size to size:
#
#   generate   `dev generate --figures N` (SQLite: under a minute at 1M)
#   firsts     .ci/bench-firsts.sh: the first request of every page, embed,
#              API read and download (to its first byte) after start and
#              after a write, beside /about of the same server; serve's
#              peak RSS after them
#   pages      .ci/bench-pages.sh: first and deep pages of /figures and the
#              API, /checks, beside the same queries in sqlite3 or psql
#   export     `export --format csv` beside `sqlite3 -csv` / psql \copy TO
#              on the same join: throughput ratio and peak RSS
#   import     `import` of that export into an empty database beside
#              `sqlite3 .import` / psql \copy FROM of the same CSV into a
#              plain table: throughput ratio and peak RSS; on SQLite also
#              beside the floor: sqlite3 copying the rows the import wrote
#              into an empty database of the same schema (import_floor)
#
#   make bench                                  # 10k, 100k and 1M figures, both databases
#   BENCH_QUICK=1 make bench                    # 10k and 100k, one run each
#   BENCH_SIZES="10000 200000" make bench
#   BENCH_DATABASES=sqlite make bench           # sqlite, postgres or both (default)
#   BENCH_DATABASE_URL=postgres://…/db make bench   # the server to use (default: the tests' one);
#                                               # databases forcedreturns_bench_N are made on it
#   BENCH_PG_PREFIX=mine_bench make bench       # … named mine_bench_N instead (two runs on one server)
#   BENCH_PARTS=export,import make bench        # among generate,firsts,pages,export,import,go
#   BENCH_KEEP=/tmp/bench make bench            # keep the SQLite files there, reused when present
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${BENCH_QUICK:-}" ]; then
  sizes=${BENCH_SIZES:-10000 100000}
  runs=${BENCH_RUNS:-1}
else
  sizes=${BENCH_SIZES:-10000 100000 1000000}
  runs=${BENCH_RUNS:-3}
fi
dbs=${BENCH_DATABASES:-sqlite,postgres}
parts=${BENCH_PARTS:-generate,firsts,pages,export,import,go}
pgurl=${BENCH_DATABASE_URL:-${FORCEDRETURNS_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}}
pgprefix=${BENCH_PG_PREFIX:-forcedreturns_bench}
part() { [[ ",$parts," == *",$1,"* ]]; }
on() { [[ ",$dbs," == *",$1,"* ]]; }
need() { command -v "$1" >/dev/null || { echo "bench needs $1 ($2)"; exit 1; }; }
need sqlite3 "apt-get install sqlite3"
need curl "apt-get install curl"
[ -x /usr/bin/time ] || { echo "bench needs /usr/bin/time (apt-get install time)"; exit 1; }
if on postgres; then need psql "apt-get install postgresql-client"; fi

work=$(mktemp -d)
keep=${BENCH_KEEP:-$work}
mkdir -p "$keep"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
bin=$work/forcedreturns
go build -o "$bin" ./cmd/forcedreturns
export FORCEDRETURNS_NO_SEED=1 PGOPTIONS="-c client_min_messages=warning"
results=$work/results.tsv # dialect size measure ours reference
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; }
echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); sizes: $sizes; databases: $dbs; best of $runs"

timed() { # command… → "seconds peakKB" of one run, its output in $work/out
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; return 1; }
  cat "$work/time"
}
best() { # command… → "seconds peakKB": the best time of $runs runs and the largest peak
  local bs="" bk=0 s kb
  for _ in $(seq "$runs"); do
    read -r s kb < <(timed "$@")
    if [ -z "$bs" ] || awk "BEGIN{exit !($s < $bs)}"; then bs=$s; fi
    [ "$kb" -gt "$bk" ] && bk=$kb
  done
  echo "$bs $bk"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# The export's join and order, as the sqlite3 and psql references run it.
ref_sql="SELECT f.*, m.label, s.* FROM figures f JOIN metrics m ON m.slug = f.metric JOIN sources s ON s.key = f.source
WHERE f.status IN ('published', 'retracted') ORDER BY f.period_start, f.period_end, f.metric, f.key"

# firsts DIALECT SIZE DB: .ci/bench-firsts.sh, the first request of
# every public page, embed, API read and download after start and after a
# write, each beside /about from the same server, and the server's peak
# RSS after them (the first /checks answers at once while its checks are
# computed in the background, saying so: see bench-pages.sh).
firsts() {
  local dialect=$1 size=$2 db=$3 when label s a
  : >"$work/firsts.tsv"
  BENCH_FIRSTS_TSV=$work/firsts.tsv bash .ci/bench-firsts.sh "$bin" "$dialect" "$db"
  while IFS=$'\t' read -r when label s a; do
    if [ "$when" = rss ]; then record "$dialect" "$size" "$label" "$s" ""
    else record "$dialect" "$size" "first $label ($when) s" "$s" "$a"; fi
  done <"$work/firsts.tsv"
}

# export_import DIALECT SIZE: the CSV export beside the CLI's on the same
# join, then its import into an empty database beside the CLI's import of
# the same file into a plain table.
export_import() {
  local dialect=$1 size=$2 dbflag=() ref_export=() s kb rs rkb
  if [ "$dialect" = sqlite ]; then dbflag=(--sqlite "$db"); ref_export=(sqlite3 -csv -header "$db" "$ref_sql;")
  else dbflag=(--database-url "$url"); ref_export=(psql -X -q "$url" -c "\\copy ($ref_sql) TO STDOUT CSV HEADER"); fi
  local rows
  if part export; then
    read -r rs rkb < <(best "${ref_export[@]}")
    read -r s kb < <(best "$bin" export --format csv --metrics "$work/metrics.csv" "${dbflag[@]}")
    # Rows, not lines: quotes hold new lines.
    local q="SELECT COUNT(*) FROM figures WHERE status IN ('published', 'retracted')"
    if [ "$dialect" = sqlite ]; then rows=$(sqlite3 "$db" "$q"); else rows=$(psql -X -qtA "$url" -c "$q"); fi
    cp "$work/out" "$work/export.csv"
    printf 'export CSV (%d rows)         %8.2f s  %6.0f MB   reference %8.2f s %5.0f MB   throughput %s× (target ≥ 0.6)\n' \
      "$rows" "$s" "$((kb / 1024))" "$rs" "$((rkb / 1024))" "$(ratio "$rs" "$s")"
    record "$dialect" "$size" "export s" "$s" "$rs"
    record "$dialect" "$size" "export RSS MB" "$((kb / 1024))" "$((rkb / 1024))"
  fi
  if part import && [ -s "$work/export.csv" ]; then
    local target=() ref_import=()
    if [ "$dialect" = sqlite ]; then
      rm -f "$work/import.db"* "$work/plain.db"
      target=(--sqlite "$work/import.db")
      ref_import=(sqlite3 "$work/plain.db" -cmd '.mode csv' ".import $work/export.csv t")
    else
      local iurl; iurl=$(pg_database "${pgprefix}_import")
      target=(--database-url "$iurl")
      local cols; cols=$(head -n 1 "$work/export.csv" | sed 's/^/"/; s/,/" text, "/g; s/$/" text/')
      psql -X -q "$iurl" -c "DROP TABLE IF EXISTS plain; CREATE TABLE plain ($cols)"
      ref_import=(psql -X -q "$iurl" -c "\\copy plain FROM '$work/export.csv' CSV HEADER")
    fi
    read -r rs rkb < <(timed "${ref_import[@]}")
    read -r s kb < <(timed "$bin" import -quiet -metrics "$work/metrics.csv" "${target[@]}" "$work/export.csv")
    printf 'import of the export         %8.2f s  %6.0f MB   reference %8.2f s %5.0f MB   throughput %s× (target ≥ 0.25, < 200 MB)\n' \
      "$s" "$((kb / 1024))" "$rs" "$((rkb / 1024))" "$(ratio "$rs" "$s")"
    record "$dialect" "$size" "import s" "$s" "$rs"
    record "$dialect" "$size" "import RSS MB" "$((kb / 1024))" "$((rkb / 1024))"
    if [ "$dialect" = sqlite ]; then import_floor "$s" "$rs"; fi
    rm -f "$work/import.db"*
  fi
  rm -f "$work/export.csv" "$work/out"
}

# import_floor OURS PLAIN (SQLite): what the import's writes cost SQLite's
# own C code: sqlite3 copies the rows the import wrote (metrics, sources,
# figures and their revisions, from $work/import.db) into an empty
# database of the same schema, dropping the figures' and revisions'
# secondary indexes and the triggers first and building the indexes at
# the end, as the import's bulk load does, in one transaction, then
# checkpoints the WAL. No parsing, no checks, no summaries: a floor under
# any import into this schema, beside the plain table's .import (PLAIN).
import_floor() {
  local ours=$1 plain=$2 fs
  rm -f "$work/floor.db"*
  "$bin" migrate --sqlite "$work/floor.db" >/dev/null
  local secondary="type = 'index' AND tbl_name IN ('figures', 'revisions') AND sql IS NOT NULL AND name NOT IN ('figures_subgroup_of', 'figures_share_of', 'figures_derived')"
  {
    echo "ATTACH '$work/import.db' AS o;"
    echo "BEGIN;"
    sqlite3 "$work/floor.db" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE $secondary"
    sqlite3 "$work/floor.db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'figures'"
    echo "INSERT INTO metrics SELECT * FROM o.metrics WHERE slug NOT IN (SELECT slug FROM metrics);"
    echo "INSERT INTO sources SELECT * FROM o.sources;"
    echo "INSERT INTO figures SELECT * FROM o.figures;"
    echo "INSERT INTO revisions SELECT * FROM o.revisions WHERE id NOT IN (SELECT id FROM revisions);"
    sqlite3 "$work/floor.db" "SELECT sql || ';' FROM sqlite_master WHERE $secondary"
    sqlite3 "$work/floor.db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'figures'"
    echo "COMMIT;"
    echo "PRAGMA wal_checkpoint(TRUNCATE);"
  } >"$work/floor.sql"
  read -r fs _ < <(timed sqlite3 -bail "$work/floor.db" ".read $work/floor.sql")
  printf '  floor: sqlite3 copying its rows into the schema %8.2f s: %s× the plain table'"'"'s throughput; the import %s× the floor'"'"'s\n' \
    "$fs" "$(ratio "$plain" "$fs")" "$(ratio "$fs" "$ours")"
  record sqlite "$size" "import floor s" "$fs" "$plain"
  rm -f "$work/floor.db"* "$work/floor.sql"
}

# pg_database NAME → the URL of a new, empty database NAME on the server of
# $pgurl.
pg_database() {
  psql -X -q "$pgurl" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  echo "$pgurl" | sed -E "s#^(postgres(ql)?://[^/]*/)[^?]*#\\1$1#"
}

for dialect in sqlite postgres; do
  on "$dialect" || continue
  for size in $sizes; do
    echo
    echo "==== $dialect, $size figures (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    if [ "$dialect" = sqlite ]; then
      db=$keep/bench-$size.db
      flags=(--sqlite "$db")
      if [ -s "$db" ]; then echo "reusing $db"
      elif part generate; then
        read -r s _ < <(timed "$bin" dev generate --figures "$size" "${flags[@]}")
        echo "dev generate: $s s (target at 1M: under 60 s)"; record sqlite "$size" "generate s" "$s" ""
      fi
    else
      url=$(pg_database "${pgprefix}_$size")
      flags=(--database-url "$url")
      read -r s _ < <(timed "$bin" dev generate --figures "$size" "${flags[@]}")
      psql -X -q "$url" -c ANALYZE # as autovacuum would shortly after a bulk load
      echo "dev generate: $s s"; record postgres "$size" "generate s" "$s" ""
    fi
    if part firsts; then
      if [ "$dialect" = sqlite ]; then firsts sqlite "$size" "$db"; else firsts postgres "$size" "$url"; fi
    fi
    if part pages; then
      if [ "$dialect" = sqlite ]; then bash .ci/bench-pages.sh "$bin" sqlite "$db" "$runs"
      else bash .ci/bench-pages.sh "$bin" postgres "$url" "$runs"; fi
    fi
    if part export || part import; then export_import "$dialect" "$size"; fi
    if [ "$dialect" = postgres ]; then psql -X -q "$pgurl" -c "DROP DATABASE IF EXISTS ${pgprefix}_$size"; fi
  done
done
if on postgres; then psql -X -q "$pgurl" -c "DROP DATABASE IF EXISTS ${pgprefix}_import" >/dev/null 2>&1 || true; fi

echo
echo "== growth from size to size (ours; the reference's beside it in brackets where there is one)"
awk -F'\t' '
  { key = $1 "\t" $3; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    v[key, $2] = $4; r[key, $2] = $5; if (!($2 in hasSize)) { hasSize[$2] = 1; sizes[++m] = $2 } }
  END {
    printf "%-34s", "measure"; for (i = 1; i <= m; i++) printf " %14s", sizes[i]; for (i = 2; i <= m; i++) printf "  ×%s→%s", sizes[i-1], sizes[i]; print ""
    for (k = 1; k <= n; k++) {
      key = order[k]; split(key, p, "\t"); printf "%-34s", p[1] " " p[2]
      for (i = 1; i <= m; i++) { c = ""; if (r[key, sizes[i]] != "") c = " [" r[key, sizes[i]] "]"; printf " %14s", v[key, sizes[i]] c }
      for (i = 2; i <= m; i++) { a = v[key, sizes[i-1]]; b = v[key, sizes[i]]
        if (a + 0 > 0 && b + 0 > 0) printf "  %9.1f×", b / a; else printf "  %10s", "-" }
      print ""
    }
  }' "$results"

if part go; then
  echo
  echo "== Go benchmarks: export encoders, store iteration, web layer"
  go test -run '^$' -bench 'BenchmarkWriteCSV' -benchmem ./internal/export/ 2>&1 | grep -E '^(Benchmark|ok)' || true
  go test -run '^$' -bench 'BenchmarkServe' -benchtime 1x ./dashboard/ 2>&1 | grep -E '^(Benchmark|ok|PASS)|ratio|KB' || true
  last=$(echo "$sizes" | awk '{print $NF}')
  if [ -s "$keep/bench-$last.db" ]; then
    FORCEDRETURNS_BENCH_DB="$keep/bench-$last.db" go test -run '^$' -bench 'BenchmarkExportStore' -benchtime 1x ./internal/export/ 2>&1 | grep -E '^(Benchmark|ok)' || true
    echo "== SQLite drivers side by side on the export's query (a module of its own: .ci/driverbench)"
    (cd .ci/driverbench && export FORCEDRETURNS_BENCH_DB="$keep/bench-$last.db" CGO_ENABLED=0 &&
      go test -run '^$' -bench . -benchtime 2x 2>&1 | grep -E '^Benchmark' &&
      go test -tags modernc -run '^$' -bench . -benchtime 2x 2>&1 | grep -E '^Benchmark') || true
  fi
fi
