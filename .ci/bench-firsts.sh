#!/usr/bin/env bash
# The first request of every public page, embed and API read (`make bench`,
# .ci/bench.sh), after the server starts and again after a write through
# the database, each beside /about requested right after it from the same
# server (the machine is shared: only the ratio means anything). Issue 12
# asks each of them to answer under a second at a million figures; the
# ones over a second are marked "SLOW".
#
#   bench-firsts.sh BINARY sqlite FILE [ADDR]
#   bench-firsts.sh BINARY postgres URL [ADDR]
#
# "first" is the first request of that path since the start (or since the
# write): the paths are requested one after the other, so a path whose
# work an earlier one shared (the overview's stored summaries, the stored
# checks) is timed as a reader arriving second finds it. Downloads are
# timed to their first byte. Output: one line per path, and, with
# BENCH_FIRSTS_TSV set, the lines "when label seconds about" appended
# there (the label names the deep page, the figure and the source by
# role, the same at every size) and "rss" with the server's peak.
set -euo pipefail
bin=$1 dialect=$2 db=$3 addr=${4:-127.0.0.1:0}
timeout=${BENCH_TIMEOUT:-120}
work=$(mktemp -d)
pid=""
. "$(dirname "$0")/bench-serve.sh"
trap bench_cleanup EXIT
case $dialect in
# The server may hold the write lock (the checks computed in the
# background): the CLI waits for it.
sqlite) dbflag=(--sqlite "$db"); sqlcli() { sqlite3 -cmd ".timeout 120000" "$db" "$1"; } ;;
postgres) dbflag=(--database-url "$db"); sqlcli() { psql -X -qtA "$db" -c "$1"; } ;;
*) echo "bench-firsts: unknown dialect $dialect"; exit 1 ;;
esac

bench_serve bench-firsts "$bin" "$addr" "${dbflag[@]}"

rows=$(sqlcli "SELECT COUNT(*) FROM figures WHERE status IN ('published', 'retracted')")
fig=$(sqlcli "SELECT key FROM figures WHERE status = 'published' ORDER BY key LIMIT 1 OFFSET $((rows / 3))")
src=$(sqlcli "SELECT source FROM figures WHERE key = '$fig'")
deep=$(( (rows + 49) / 50 / 2 ))
[ "$deep" -ge 1 ] || deep=1
paths=(
  / /ko/ /embed/charts/timeline /embed/charts/apprehensions /embed/charts/timeline-more
  /embed/charts/timeline-apprehended-north-koreans-cn-kp-people /ko/embed/charts/timeline
  "/embed/charts/timeline?source=$src" /api/v1/charts/timeline /api/v1/charts/apprehensions
  "/embed/charts/timeline?qualifier=at_least" "/embed/charts/timeline?qualifier=range" "/embed/charts/timeline?from=2010-01-01&to=2015-12-31"
  "/embed/charts/timeline?from=2020-01-01" "/?qualifier=exact&from=2012-03-17" "/embed/charts/apprehensions?to=2003-06-15"
  "/embed/charts/timeline?source=$src&from=2014-05-05"
  /figures /ko/figures "/figures?page=$deep" "/figures?sort=-value" "/figures?metric=deaths&sort=-value"
  "/figures?page=$deep&sort=-value" "/figures?page=$deep&sort=metric" "/figures?page=$deep&sort=-source"
  "/figures?page=$deep&sort=updated" "/figures?page=$deep&sort=-id"
  "/figures?acting=RU&qualifier=about" "/figures?kind=stock&summarised=true" "/figures?receiving=ZZ"
  "/figures?from=2017-01-01" "/api/v1/figures?acting=CN&kind=flow"
  "/figures/$fig" "/ko/figures/$fig" /sources "/sources/$src" /ko/sources /metrics /ko/metrics
  /checks /ko/checks "/checks?outcome=mismatch" /changes /feed.atom /sitemap.xml /sitemaps/figures-1.xml
  /api/v1/figures "/api/v1/figures?offset=$((rows / 2))" "/api/v1/figures?sort=-value&offset=$((rows / 2))"
  "/api/v1/figures/$fig" /api/v1/sources "/api/v1/sources/$src" /api/v1/metrics /api/v1/checks
  /figures.csv /figures.json "/figures.csv?metric=deaths"
  "/figures.csv?source=$src" /figures.csv?qualifier=at_least /figures.csv?from=2020-01-01 "/figures.json?source=$src"
)

about_n=0
firsts() { # when: every path once, each beside /about
  local when=$1 path s a mark code
  for path in "${paths[@]}"; do
    # -w is written on a timeout too. A download's time is its first
    # byte's: the rest is not read (the pipe closes after one byte).
    if [[ $path == /figures.csv* || $path == /figures.json* ]]; then
      s=$({ curl -s -m "$timeout" -w '%{stderr}%{http_code} %{time_starttransfer}' "$base$path" 2>&3 | head -c 1 >/dev/null; } 3>&1 || true)
    else
      s=$(curl -s -o /dev/null -m "$timeout" -w '%{http_code} %{time_total}' "$base$path" || true)
    fi
    code=${s%% *} s=${s#* }
    about_n=$((about_n + 1))
    a=$(curl -fsS -o /dev/null -w '%{time_total}' "$base/about?_about=$about_n")
    mark=""
    [ "$code" = 200 ] || mark="HTTP $code"
    awk -v s="$s" 'BEGIN{exit !(s >= 1)}' && mark="$mark SLOW"
    printf '%-12s %-48s %8.3f s   /about %7.3f s   %7.1f×  %s\n' "$when" "$path" "$s" "$a" \
      "$(awk -v s="$s" -v a="$a" 'BEGIN{ if (a > 0) printf "%.1f", s / a; else print 0 }')" "$mark"
    if [ -n "${BENCH_FIRSTS_TSV:-}" ]; then
      # The same label at every size: the deep page, the figure and the source by role.
      local label=${path//"page=$deep"/page=mid}
      label=${label//"offset=$((rows / 2))"/offset=mid}
      label=${label//"$fig"/{id\}}
      label=${label//"$src"/{id\}}
      printf '%s\t%s\t%s\t%s\n' "$when" "$label" "$s" "$a" >>"$BENCH_FIRSTS_TSV"
    fi
  done
}
echo "== first requests on $dialect, $rows public figures (after start, then after a write), each beside /about"
firsts start
# A write through the database, as another instance's would be: its
# triggers note the figure, and the data version moves on.
key=$(sqlcli "SELECT key FROM figures WHERE status = 'published' AND subgroup_of IS NULL ORDER BY key LIMIT 1")
sqlcli "UPDATE figures SET value = value + 1 WHERE key = '$key'; UPDATE data_version SET n = n + 1, public_n = public_n + 1 WHERE id = 1" >/dev/null
firsts write
rss=$(awk '/^VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
echo "serve peak RSS: $rss MB"
if [ -n "${BENCH_FIRSTS_TSV:-}" ]; then printf 'rss\tserve peak RSS MB\t%s\t\n' "$rss" >>"$BENCH_FIRSTS_TSV"; fi
