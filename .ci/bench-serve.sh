# Sourced by the bench scripts (bench-pages.sh, bench-firsts.sh,
# bench-concurrent.sh): one way to start `serve` on a benchmark database
# and to stop it, so that they all time the same server.
#
#   bench_serve NAME BINARY ADDR DBFLAG…   sets pid and base ($work must exist)
#
# The server is started without the seed on ADDR (127.0.0.1:0: a free
# port); base is the address the server says it listens on, read from its
# log, never another process's on a port we asked for. The EXIT trap
# stops it and removes $work.
bench_cleanup() {
  if [ -n "${pid:-}" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
bench_serve() {
  local name=$1 bin=$2 addr=$3
  shift 3
  FORCEDRETURNS_NO_SEED=1 "$bin" serve --addr "$addr" "$@" >"$work/serve.log" 2>&1 &
  pid=$!
  base=""
  for _ in $(seq 1200); do
    base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.log" | head -n 1 || true)
    [ -n "$base" ] && curl -fs -o /dev/null "$base/healthz" && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
    sleep 0.5
  done
  echo "$name: the server did not start"
  cat "$work/serve.log"
  exit 1
}
