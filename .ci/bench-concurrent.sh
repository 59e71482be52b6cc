#!/usr/bin/env bash
# Concurrent clients over every public route of `serve` (issue 12: under
# 300 MB RSS at 1M figures under 8 concurrent clients), with the server's
# resident memory sampled as they run.
#
#   bench-concurrent.sh BINARY sqlite FILE [CLIENTS] [SECONDS]
#   bench-concurrent.sh BINARY postgres URL [CLIENTS] [SECONDS]
#
# Each client requests the routes below in its own shuffled order, again
# and again, for SECONDS (default 60). Printed: per route, the requests
# made and their median and slowest seconds, beside /healthz in the same
# run; the server's peak RSS (VmHWM) and the highest RSS sampled. /checks
# answers at once while its checks are computed in the background (it says
# so), so that computation runs under the clients too.
set -euo pipefail
bin=$1 dialect=$2 db=$3 clients=${4:-8} seconds=${5:-60}
work=$(mktemp -d)
pid=""
. "$(dirname "$0")/bench-serve.sh"
trap bench_cleanup EXIT

case $dialect in
sqlite) dbflag=(--sqlite "$db"); sqlcli() { sqlite3 "$db" "$1"; } ;;
postgres) dbflag=(--database-url "$db"); sqlcli() { psql -X -qtA "$db" -c "$1"; } ;;
*) echo "bench-concurrent: unknown dialect $dialect"; exit 1 ;;
esac

bench_serve bench-concurrent "$bin" 127.0.0.1:0 "${dbflag[@]}"

rows=$(sqlcli "SELECT COUNT(*) FROM figures WHERE status IN ('published', 'retracted')")
key=$(sqlcli "SELECT key FROM figures WHERE status = 'published' ORDER BY key LIMIT 1 OFFSET $(( rows / 2 ))")
src=$(sqlcli "SELECT key FROM sources ORDER BY key LIMIT 1")
pages=$(( (rows + 49) / 50 ))
routes=(
  /healthz / "/?step=month" "/?acting=CN" /embed/charts/apprehensions /embed/charts/timeline
  /api/v1/charts/timeline /figures "/figures?page=2" "/figures?page=$(( pages / 2 ))" "/figures?sort=-value"
  "/figures/$key" /sources "/sources/$src" /metrics /about /changes /feed.atom /sitemap.xml /robots.txt
  "/api/v1/figures?limit=100" "/api/v1/figures/$key" /api/v1/sources /api/v1/metrics /api/v1/openapi.json
  "/figures.csv?metric=deaths&acting=RU&from=2020-01-01" /checks "/api/v1/checks?limit=100"
)

( peak=0
  while kill -0 "$pid" 2>/dev/null; do
    r=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${r:-0}" -gt "$peak" ] && peak=$r && echo "$peak" >"$work/rss"
    sleep 0.25
  done ) &
sampler=$!

client() { # n: requests the routes in a shuffled order until the time is up
  local end=$(( $(date +%s) + seconds )) p
  while [ "$(date +%s)" -lt "$end" ]; do
    for p in $(printf '%s\n' "${routes[@]}" | shuf --random-source=<(yes "$1")); do
      curl -s -o /dev/null -w "$p %{http_code} %{time_total}\n" --max-time 120 "$base$p" >>"$work/times.$1" || echo "$p 000 120" >>"$work/times.$1"
    done
  done
}
cpids=()
for i in $(seq "$clients"); do client "$i" & cpids+=($!); done
wait "${cpids[@]}"
kill "$sampler" 2>/dev/null || true

echo "== $clients concurrent clients for ${seconds}s on $dialect, $rows public figures"
printf '%-55s %6s %8s %8s %8s %s\n' route requests median slowest "÷healthz" codes
cat "$work"/times.* | sort -k1,1 -k3,3n | awk '
  { n[$1]++; t[$1, n[$1]] = $3; if ($3 > mx[$1]) mx[$1] = $3; c[$1] = c[$1] (index(c[$1], $2) ? "" : " " $2) }
  END {
    h = t["/healthz", int((n["/healthz"] + 1) / 2)]
    for (r in n) printf "%-55s %6d %8.3f %8.3f %8.0f×%s\n", r, n[r], t[r, int((n[r] + 1) / 2)], mx[r], t[r, int((n[r] + 1) / 2)] / (h > 0 ? h : 1), c[r]
  }' | sort
awk '/^VmHWM/ {printf "serve peak RSS (VmHWM): %.0f MB\n", $2/1024}' "/proc/$pid/status"
awk '{printf "highest RSS sampled: %.0f MB\n", $1/1024}' "$work/rss" 2>/dev/null || true
