#!/usr/bin/env bash
# The whole test run behind `make test`: the static checks of `make lint`
# (.ci/lint.sh: gofmt, vet, staticcheck, deadcode, the migration checks),
# every Go test with the race detector (SQLite, PostgreSQL, handlers,
# Chromium), then a short run of every fuzz target. It goes on after a
# failing step so that one run shows every problem, and its last line is
# always the totals: packages, tests, fuzz targets, wall time.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
step() { # name, command…: runs a step, remembers a failure
  local name=$1; shift
  echo "== $name"
  if ! "$@"; then echo "== $name: FAILED"; status=1; failed_steps+=("$name"); fi
}
failed_steps=()

lint() {
  bash .ci/lint.sh
}
# Every test but the browser tests runs with the race detector; the
# browser tests (TestBrowser…, in ./dashboard) run beside them, at the
# same time, without it: they drive Chromium against the same handlers
# the handler tests already run under the race detector, and spend their
# time waiting on the browser, so running them apart takes them off the
# longest package's path. One summary reads both runs' events.
gotest() {
  go build -o "$work/testsum" ./.ci/testsum || return 1
  go test -race -count=1 -timeout 12m -json -skip '^TestBrowser' ./... >"$work/race.json" 2>&1 &
  local race=$!
  go test -count=1 -timeout 12m -json -run '^TestBrowser' ./dashboard >"$work/browser.json" 2>&1 &
  local browser=$!
  local rc=0
  wait "$race" || rc=1
  wait "$browser" || rc=1
  cat "$work/race.json" "$work/browser.json" | tee .ci/last-test.json | "$work/testsum" -totals "$work/go.totals" || rc=1
  return $rc
}
fuzz() {
  bash .ci/fuzz.sh "${FUZZTIME:-3s}" | tee "$work/fuzz.log"
}

step lint lint
step "go test" gotest
step fuzz fuzz

# The slowest tests, so that a run that grew slow says where (the whole
# list: bash .ci/slowest.sh .ci/last-test.json).
[ -x "$work/testsum" ] && [ -s .ci/last-test.json ] && "$work/testsum" -slowest 10 <.ci/last-test.json

read -r pkgs tests subtests failed skipped <"$work/go.totals" 2>/dev/null || { pkgs=0 tests=0 subtests=0 failed=0 skipped=0; }
fuzz_line=$(grep -E '^fuzz: [0-9]+ targets' "$work/fuzz.log" 2>/dev/null | tail -1)
fuzz_targets=$(sed -E 's/^fuzz: ([0-9]+) targets.*/\1/' <<<"${fuzz_line:-fuzz: 0 targets}")
wall=$(( $(date +%s) - start ))
verdict=PASS
[ $status -eq 0 ] || verdict="FAIL (${failed_steps[*]})"
printf 'make test: %s: %d packages, %d tests (%d subtests), %d failed, %d skipped, %d fuzz targets, wall %dm%02ds\n' \
  "$verdict" "$pkgs" "$tests" "$subtests" "$failed" "$skipped" "$fuzz_targets" $((wall / 60)) $((wall % 60))
exit $status
