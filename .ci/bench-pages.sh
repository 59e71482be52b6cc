#!/usr/bin/env bash
# The pages part of `make bench` (.ci/bench.sh): starts `serve` on a
# database of synthetic figures and times its pages, each beside the same
# query run by the database's own CLI (sqlite3, psql) and beside a static
# file of the same server, measured in the same run, and prints the ratios.
#
#   bench-pages.sh BINARY sqlite FILE RUNS
#   bench-pages.sh BINARY postgres URL RUNS [FIGURES]   # generates FIGURES if the database has none
#
# "first" is the first request after the server started (nothing cached:
# the list's count is read, the checks computed); "warm" is the best of
# RUNS later requests whose response is not cached (a parameter the pages
# ignore changes their ETag), so the page is rendered and its rows read
# again, but the count of the list is known. Deep pages are reached as a
# reader reaches them: the first page's "Last" link, then "Previous".
set -euo pipefail
bin=$1 dialect=$2 db=$3 runs=$4 figures=${5:-0}
work=$(mktemp -d)
pid=""
. "$(dirname "$0")/bench-serve.sh"
trap bench_cleanup EXIT

case $dialect in
sqlite)
  dbflag=(--sqlite "$db")
  # SQLite: the store's form of the join (CROSS JOIN keeps figures the
  # outer loop) and of the status filter (+ keeps it off the status index).
  pf=+
  from="FROM figures f CROSS JOIN metrics m CROSS JOIN sources s WHERE m.slug = f.metric AND s.key = f.source AND +f.status IN ('published', 'retracted')"
  cli() { # sql [repeat] → seconds per run: user + system time, which the timer shows in microseconds
    # (its real time only in milliseconds), repeated in one session
    local n=${2:-1}
    { echo '.timer on'; for _ in $(seq "$n"); do echo "$1;"; done; } | sqlite3 "$db" |
      awk -v n="$n" '/^Run Time: real/ {s += $6 + $8} END {printf "%.6f\n", s / n}'
  }
  ;;
postgres)
  dbflag=(--database-url "$db")
  pf=
  from="FROM figures f JOIN metrics m ON m.slug = f.metric JOIN sources s ON s.key = f.source WHERE f.status IN ('published', 'retracted')"
  cli() {
    local n=${2:-1} args=()
    for _ in $(seq "$n"); do args+=(-c "$1"); done
    psql -X -q "$db" -c '\timing on' "${args[@]}" | awk -v n="$n" '/^Time:/ {s += $2} END {printf "%.6f\n", s / 1000 / n}'
  }
  if [ "$(psql -X -qtA "$db" -c "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'figures'")" = 0 ] ||
     [ "$(psql -X -qtA "$db" -c 'SELECT COUNT(*) FROM figures')" = 0 ]; then
    echo "== generating $figures synthetic figures on PostgreSQL"
    FORCEDRETURNS_NO_SEED=1 "$bin" dev generate --figures "$figures" "${dbflag[@]}"
    psql -X -q "$db" -c 'ANALYZE' # as autovacuum would shortly after a bulk load
  fi
  ;;
*) echo "bench-pages: unknown dialect $dialect"; exit 1 ;;
esac
count="SELECT COUNT(*) FROM figures f WHERE ${pf}f.status IN ('published', 'retracted')"
sqlcli() { # sql → its output, through the database's CLI
  if [ "$dialect" = sqlite ]; then sqlite3 -cmd ".timeout 120000" "$db" "$1"; else psql -X -qtA "$db" -c "$1"; fi
}

bench_serve bench-pages "$bin" 127.0.0.1:0 "${dbflag[@]}"

fetch() { # path → seconds (the body in $work/body)
  curl -fsS -o "$work/body" -w '%{time_total}\n' "$base$1" || {
    echo "bench-pages: GET $1 failed; the server's log ends:" >&2
    tail -n 5 "$work/serve.log" >&2
    return 1
  }
}
best() { # path → best seconds of $runs uncached requests
  local b="" s sep='?'
  [[ $1 == *\?* ]] && sep='&'
  for i in $(seq "$runs"); do
    s=$(fetch "$1${sep}_bench=$RANDOM$i")
    if [ -z "$b" ] || awk "BEGIN{exit !($s < $b)}"; then b=$s; fi
  done
  echo "$b"
}
bestcli() { # sql [repeat] → best seconds of $runs
  local b="" s
  for _ in $(seq "$runs"); do
    s=$(cli "$1" "${2:-1}")
    if [ -z "$b" ] || awk "BEGIN{exit !($s < $b)}"; then b=$s; fi
  done
  echo "$b"
}
linkof() { # label (Last or rel="prev") → the link in $work/body
  case $1 in
  last) grep -o 'href="[^"]*">Last' "$work/body" | head -n 1 | sed 's/^href="//; s/">Last$//; s/&amp;/\&/g' ;;
  prev) grep -o 'href="[^"]*" rel="prev"' "$work/body" | head -n 1 | sed 's/^href="//; s/" rel="prev"$//; s/&amp;/\&/g' ;;
  esac
}
# measure label path countSQL pageSQL: the first request beside the CLI
# running the count and the page (what a first request reads), the best
# warm request beside the CLI running the page (its count is remembered).
measure() {
  local label=$1 path=$2 count=$3 page=$4 f w cf=0 cw=0
  f=$(fetch "$path")
  w=$(best "$path")
  if [ -n "$page" ]; then
    if [ -n "$count" ]; then cf=$(bestcli "$count; $page"); else cf=$(bestcli "$page"); fi
    cw=$(bestcli "$page" 20)
  fi
  awk -v l="$label" -v f="$f" -v w="$w" -v cf="$cf" -v cw="$cw" -v st="$static" 'BEGIN{
    if (cf > 0) printf "%-34s %8.3f %8.4f %6.1f× %8.4f %8.4f %6.1f× %8.0f×\n", l, f, cf, f / cf, w, cw, w / cw, w / st
    else printf "%-34s %8.3f %8s %7s %8.4f %8s %7s %8.0f×\n", l, f, "-", "", w, "-", "", w / st }'
}

# A file the server really serves from /static (the favicon, embedded):
# the reference must not be a cheap 404.
static=$(best /static/favicon.svg)
[ -n "$static" ] || { echo "bench-pages: no static reference (/static/favicon.svg)" >&2; exit 1; }
rows=$(sqlcli "$count")
echo "== pages on $dialect, $rows public figures: seconds. first: the first request after start, beside the CLI running its count and page;"
echo "   warm: the best of $runs uncached requests, beside the CLI running the page; ÷static: warm over a static file of the server ($static s)"
printf '%-34s %8s %8s %7s %8s %8s %7s %9s\n' page first CLI "×" warm CLI "×" "÷static"

# The overview and its embeds: above 500 figures they summarise (stored
# per subject, computed again for the subjects a write touches), so the
# first request reads summaries, not figures.
measure "/ (overview)" / "" ""
measure "/embed/charts/timeline" /embed/charts/timeline "" ""
measure "/embed/charts/apprehensions" /embed/charts/apprehensions "" ""
overview_bytes=$(curl -fsS "$base/" | wc -c)
awk -v b="$overview_bytes" 'BEGIN{printf "/ weighs %.1f KB\n", b/1024}'
measure "/about (reference page)" /about "" ""

byperiod="ORDER BY f.period_start, f.period_end, f.metric, f.key"
backwards="ORDER BY f.period_start DESC, f.period_end DESC, f.metric DESC, f.key DESC"
measure "/figures (first page)" /figures "$count" "SELECT f.*, m.*, s.* $from $byperiod LIMIT 51"
last=$(linkof last)
# The count of a list is read once per data version: a cursor page after
# the first page of its list reads the page alone.
measure "/figures last page (cursor)" "$last" "" "SELECT f.*, m.*, s.* $from $backwards LIMIT 51"
prev=$(linkof prev)
measure "/figures page before it (cursor)" "$prev" "" "SELECT f.*, m.*, s.* $from $backwards LIMIT 101"
measure "API, the same deep page (cursor)" "/api/v1/figures?${prev#/figures?}" "" "SELECT f.*, m.*, s.* $from $backwards LIMIT 101"
pages=$(( (rows + 49) / 50 ))
measure "/figures?page=$(( pages / 2 )) (offset)" "/figures?page=$(( pages / 2 ))" "" \
  "SELECT f.*, m.*, s.* $from $byperiod LIMIT 51 OFFSET $(( (pages / 2 - 1) * 50 ))"

# Deep pages by offset in the other orders, and the API's, each a
# deferred join through the order's index (migration 18).
for sort in -value metric -source updated -id; do
  measure "?page=$(( pages / 2 ))&sort=$sort (offset)" "/figures?page=$(( pages / 2 ))&sort=$sort" "" ""
done
measure "API offset=$(( rows / 2 ))" "/api/v1/figures?offset=$(( rows / 2 ))" "" ""
# A figure's page: its checks read from the stored ones, or computed for
# its units when those are small, or pending.
fig=$(sqlcli "SELECT key FROM figures WHERE status = 'published' ORDER BY key LIMIT 1 OFFSET $(( rows / 4 ))")
measure "/figures/$fig (first figure page)" "/figures/$fig" "" ""

value="CASE WHEN f.qualifier = 'range' THEN f.value_low ELSE f.value END"
measure "/figures?sort=-value" "/figures?sort=-value" "" "SELECT f.*, m.*, s.* $from ORDER BY $value DESC, f.key DESC LIMIT 51"
last=$(linkof last)
fetch "$last" >/dev/null
prev=$(linkof prev)
measure "?sort=-value, page before last" "$prev" "" "SELECT f.*, m.*, s.* $from ORDER BY $value, f.key LIMIT 101"
measure "?metric=deaths&sort=-value" "/figures?metric=deaths&sort=-value" "$count AND f.metric = 'deaths'" \
  "SELECT f.*, m.*, s.* $from AND ${pf}f.metric = 'deaths' ORDER BY $value DESC, f.key DESC LIMIT 51"

# The checks are computed in the background (dashboard/checks.go): a
# request waits for them at most 0.3 s, then answers from the last
# computation completed, saying that they are being computed (and, before
# the first, that none can be shown yet). So the first /checks is timed
# as it comes, and said whether it was the notice; the computation is then
# awaited (through the API's "computing") and timed on its own.
computing() { grep -q '"computing":true' "$work/body"; }
measure "/checks (summary, first page)" /checks "" "SELECT COUNT(f.quote) FROM figures f"
grep -q 'being computed' "$work/body" && echo "   (the first /checks said the checks are being computed)"
start=$(date +%s.%N)
while fetch "/api/v1/checks?limit=1&_wait=$RANDOM" >/dev/null && computing; do sleep 2; done
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "every check computed in the background: %.1f s after the first /checks\n", e-s}'
measure "/checks once computed" "/checks?_computed=1" "" ""
bytes=$(wc -c <"$work/body")
measure "/checks?outcome=ok&page=20" "/checks?outcome=ok&page=20" "" ""
measure "API checks, kind=agreement" "/api/v1/checks?kind=agreement&limit=100" "" ""
awk -v b="$bytes" 'BEGIN{printf "/checks weighs %.1f KB\n", b/1024}'
# A write through the database (as another instance's would): its
# trigger notes the figure, and the next /checks computes again only
# the units it touched (or answers at once from the last computation,
# saying so, if that takes longer than the request waits).
key=$(sqlcli "SELECT key FROM figures WHERE status = 'published' ORDER BY key LIMIT 1")
sqlcli "UPDATE figures SET location = location || ' ' WHERE key = '$key'; UPDATE data_version SET n = n + 1, public_n = public_n + 1 WHERE id = 1" >/dev/null
measure "/checks after a write" "/checks?_write=1" "" ""
grep -q 'being computed' "$work/body" && echo "   (it said the checks are being computed again)"
measure "/figures/$key after the write" "/figures/$key" "" ""
# A write through the database (as another instance's would): the next
# overview computes again the summaries of the one subject it touched.
key=$(sqlcli "SELECT key FROM figures WHERE status = 'published' AND subgroup_of IS NULL ORDER BY key LIMIT 1")
sqlcli "UPDATE figures SET value = value + 1 WHERE key = '$key'; UPDATE data_version SET n = n + 1, public_n = public_n + 1 WHERE id = 1" >/dev/null
measure "/ after a write" "/?_write=2" "" ""
measure "/embed/charts/timeline after it" "/embed/charts/timeline?_write=2" "" ""
measure "/about after it (reference)" "/about?_write=2" "" ""
grep -E '^VmHWM' "/proc/$pid/status" | awk '{printf "serve peak RSS: %.0f MB\n", $2/1024}'
