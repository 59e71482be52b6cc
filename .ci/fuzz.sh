#!/usr/bin/env bash
# Runs every fuzz target in the module for a short time (default 3s each),
# FUZZ_JOBS at a time (default 2: the fuzzers share the cores, and the wall
# time of the run halves). Targets are discovered from the source, so a new
# one is never forgotten. Each target's result is printed in order once all
# have run.
#
# Each package's fuzzing test binary is built once (`go test -c -fuzz`,
# which instruments it for coverage guidance as `go test -fuzz` does) and
# run once per target, from the package's directory, with the fuzz cache
# `go test -fuzz` would use: the same run as `go test -fuzz`, without
# linking a binary per target.
#
#   fuzz.sh -build DIR   only builds the binaries, into DIR;
#   FUZZ_BIN=DIR fuzz.sh runs the targets with the binaries built there,
#                        building those that are missing
# (.ci/test.sh builds them while the other lane still runs tests).
set -euo pipefail
build_only=
if [ "${1:-}" = -build ]; then build_only=${2:?fuzz.sh -build DIR}; fi
fuzztime=${1:-3s}
jobs_max=${FUZZ_JOBS:-2}
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t lines < <(grep -rHE '^func Fuzz[A-Za-z0-9_]+\(f \*testing\.F\)' --include='*_test.go' . | sort)
fuzzcache=$(go env GOCACHE)/fuzz
module=$(go list -m)

# The packages with targets, each built once; bin_of maps a package to
# its binary, or to "" when the build failed (its targets then fail).
declare -A bin_of
pkgs=()
for line in "${lines[@]}"; do
  file=${line%%:*}
  pkg=./$(dirname "${file#./}")
  if [ -z "${bin_of[$pkg]+set}" ]; then bin_of[$pkg]=; pkgs+=("$pkg"); fi
done
# in_pool fn count: runs fn 0, 1, … count-1 in the background, FUZZ_JOBS
# at a time, and waits for all of them.
in_pool() {
  local fn=$1 count=$2 running=0 i
  for ((i = 0; i < count; i++)); do
    "$fn" "$i" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs_max" ]; then
      wait -n || true
      running=$((running - 1))
    fi
  done
  wait || true
}
bindir=${build_only:-${FUZZ_BIN:-$work/bin}}
# bin_name i: the file of package number i's binary in $bindir, without
# extension, named after the package (./internal/checks: internal_checks).
bin_name() { local p=${pkgs[$1]#./}; echo "$bindir/${p//\//_}"; }
build_one() { # i: builds the fuzzing test binary of package number i, unless built
  local out b
  b=$(bin_name "$1")
  [ -e "$b.ok" ] && return 0
  rm -f "$b.err"
  if out=$(go test -c -fuzz=. -o "$b.test" "${pkgs[$1]}" 2>&1); then
    touch "$b.ok"
  else
    echo "$out" >"$b.err"
  fi
}
mkdir -p "$bindir"
in_pool build_one "${#pkgs[@]}"
if [ -n "$build_only" ]; then
  failed=0
  for i in "${!pkgs[@]}"; do [ -e "$(bin_name "$i").ok" ] || { echo "fuzz: building ${pkgs[$i]} failed"; failed=1; }; done
  exit "$failed"
fi
for i in "${!pkgs[@]}"; do
  if [ -e "$(bin_name "$i").ok" ]; then bin_of[${pkgs[$i]}]=$(bin_name "$i").test; fi
done

# run_one fuzzes target number $1, writing what it printed to
# $work/$1.out and 0 (passed) or 1 (failed) to $work/$1.rc.
run_one() {
  local i=$1 line=${lines[$1]} file name pkg bin out status=1
  file=${line%%:*}
  name=$(sed -E 's/.*func (Fuzz[A-Za-z0-9_]+).*/\1/' <<<"$line")
  pkg=./$(dirname "${file#./}")
  bin=${bin_of[$pkg]}
  {
    echo "== $pkg $name ($fuzztime)"
    if [ -z "$bin" ]; then
      echo "   building the package's fuzzing test binary failed:"
      for j in "${!pkgs[@]}"; do [ "${pkgs[$j]}" = "$pkg" ] && tail -n 30 "$(bin_name "$j").err"; done
    else
      # Go's fuzzer sometimes reports "context deadline exceeded" when the
      # time is up while a worker is busy on a loaded machine, without any
      # failing input: that run is retried (twice at most). A real failure
      # writes the failing input under testdata/fuzz and fails at once.
      for try in 1 2 3; do
        if out=$(cd "$root/${pkg#./}" && "$bin" -test.run='^$' -test.fuzz="^${name}\$" -test.fuzztime="$fuzztime" \
          -test.paniconexit0 -test.parallel="${FUZZ_WORKERS:-$(nproc)}" -test.fuzzcachedir="$fuzzcache/$module/${pkg#./}" 2>&1); then
          echo "ok   $pkg $(echo "$out" | grep -E '^fuzz: elapsed' | tail -n 1)"
          status=0
          break
        fi
        if grep -q "Failing input written to" <<<"$out" || ! grep -q "context deadline exceeded" <<<"$out" || [ "$try" = 3 ]; then
          echo "$out" | tail -n 30
          break
        fi
        echo "   (the fuzzer hit its deadline mid-run without a failing input; retrying)"
      done
    fi
  } >"$work/$i.out" 2>&1
  echo "$status" >"$work/$i.rc"
}

in_pool run_one "${#lines[@]}"

failed=0
for i in "${!lines[@]}"; do
  cat "$work/$i.out"
  if [ "$(cat "$work/$i.rc" 2>/dev/null || echo 1)" != 0 ]; then
    failed=$((failed + 1))
  fi
done
echo "fuzz: ${#lines[@]} targets, $failed failed"
[ "$failed" = 0 ]
