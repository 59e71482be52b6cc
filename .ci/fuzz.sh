#!/usr/bin/env bash
# Runs every fuzz target in the module for a short time (default 3s each),
# FUZZ_JOBS at a time (default 2: the fuzzers share the cores, and the wall
# time of the run halves). Targets are discovered from the source, so a new
# one is never forgotten. Each target's result is printed in order once all
# have run.
set -euo pipefail
fuzztime=${1:-3s}
jobs_max=${FUZZ_JOBS:-2}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t lines < <(grep -rHE '^func Fuzz[A-Za-z0-9_]+\(f \*testing\.F\)' --include='*_test.go' . | sort)

# run_one fuzzes target number $1 (its grep line $2), writing what it
# printed to $work/$1.out and 0 (passed) or 1 (failed) to $work/$1.rc.
run_one() {
  local i=$1 line=$2 file name pkg out status=1
  file=${line%%:*}
  name=$(sed -E 's/.*func (Fuzz[A-Za-z0-9_]+).*/\1/' <<<"$line")
  pkg=./$(dirname "${file#./}")
  {
    echo "== $pkg $name ($fuzztime)"
    # Go's fuzzer sometimes reports "context deadline exceeded" when the
    # time is up while a worker is busy on a loaded machine, without any
    # failing input: that run is retried (twice at most). A real failure
    # writes the failing input under testdata/fuzz and fails at once.
    for try in 1 2 3; do
      if out=$(go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" "$pkg" 2>&1); then
        echo "$out" | tail -n 1
        status=0
        break
      fi
      if grep -q "Failing input written to" <<<"$out" || ! grep -q "context deadline exceeded" <<<"$out" || [ "$try" = 3 ]; then
        echo "$out" | tail -n 30
        break
      fi
      echo "   (the fuzzer hit its deadline mid-run without a failing input; retrying)"
    done
  } >"$work/$i.out" 2>&1
  echo "$status" >"$work/$i.rc"
}

running=0
for i in "${!lines[@]}"; do
  run_one "$i" "${lines[$i]}" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs_max" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

failed=0
for i in "${!lines[@]}"; do
  cat "$work/$i.out"
  if [ "$(cat "$work/$i.rc" 2>/dev/null || echo 1)" != 0 ]; then
    failed=$((failed + 1))
  fi
done
echo "fuzz: ${#lines[@]} targets, $failed failed"
[ "$failed" = 0 ]
