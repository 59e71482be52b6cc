#!/usr/bin/env bash
# Lighthouse mobile performance of the overview: starts `serve` on a fresh
# seeded SQLite database on a free port, runs the Lighthouse judge
# (../shared/judges/lighthouse.sh, mobile preset, simulated throttling)
# RUNS times on each page, and prints each run's performance score and
# total blocking time, then their medians. /about, a page without a chart,
# is measured in the same run as the reference: on a shared machine the
# absolute numbers move with the load, the gap between the two much less.
#
#   .ci/lighthouse.sh BINARY [RUNS] [PATH...]     # default: 3 runs of / and /about
set -euo pipefail
bin=$1 runs=${2:-3}
shift $(($# < 2 ? $# : 2))
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(/ /about)
judges=${JUDGES:-$(cd "$(dirname "$0")/../.." && pwd)/shared/judges}
[ -x "$judges/lighthouse.sh" ] || judges=/work/shared/judges
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
FORCEDRETURNS_ADDR=127.0.0.1:$port "$bin" serve --sqlite "$work/lh.db" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" && break
  sleep 0.2
done
curl -fs -o /dev/null "http://127.0.0.1:$port/readyz" || { cat "$work/serve.log"; exit 1; }

for p in "${paths[@]}"; do
  for i in $(seq "$runs"); do
    # A loaded machine sometimes loses the trace (NO_NAVSTART): try again.
    for attempt in 1 2 3; do
      "$judges/lighthouse.sh" --preset mobile "http://127.0.0.1:$port$p" "$work/$i" >"$work/out" 2>&1 && break
      [ "$attempt" -lt 3 ] || { cat "$work/out"; exit 1; }
    done
    python3 - "$p" "$work/$i/lighthouse-mobile.json" <<'PY' | tee -a "$work/runs"
import json, sys
d = json.load(open(sys.argv[2]))
perf = round(d["categories"]["performance"]["score"] * 100)
tbt = d["audits"]["total-blocking-time"]["numericValue"]
lcp = d["audits"]["largest-contentful-paint"]["numericValue"]
size = d["audits"]["total-byte-weight"]["numericValue"]
print(f"{sys.argv[1]}\t{perf}\t{tbt:.0f}\t{lcp:.0f}\t{size / 1024:.0f}")
PY
  done
done
python3 - "$work/runs" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    p, *v = line.split("\t")
    rows.setdefault(p, []).append([float(x) for x in v])
print("median of each page (mobile): performance, total blocking time, LCP, transferred")
for p, vs in rows.items():
    perf, tbt, lcp, kib = (statistics.median(c) for c in zip(*vs))
    print(f"  {p:<10} perf {perf:.0f}  TBT {tbt:.0f} ms  LCP {lcp:.0f} ms  {kib:.0f} KiB  ({len(vs)} runs)")
PY
