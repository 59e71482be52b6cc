#!/usr/bin/env bash
# The whole test run behind `make test`: the static checks of `make lint`
# (.ci/lint.sh: gofmt, vet, staticcheck, deadcode, the migration checks),
# every Go test (SQLite, PostgreSQL, handlers, Chromium), then a short run
# of every fuzz target. It goes on after a failing step so that one run
# shows every problem, and its last line is always the totals: packages,
# tests, fuzz targets, wall time.
#
# The machine has two cores, and the run must stay under 8 minutes, so
# the work is spread over two lanes that run at the same time:
#   lane 1: the race detector over every package that runs goroutines or
#           shares state (all but NORACE below), without the browser
#           tests, the longest packages started first (RACE_FIRST);
#   lane 2: the browser tests (TestBrowser…, which spend their time
#           waiting on Chromium and drive the same handlers lane 1 runs
#           under the race detector);
# then each lane takes the next of the remaining steps, whichever lane is
# free first, the longest first: the static checks in two parts
# (deadcode, gofmt and the migration checks; go vet and staticcheck), the
# heaviest tests of the raced packages without the detector (HEAVY), the
# packages of pure code (NORACE: no goroutine, no shared state in their
# non-test code) and the rest of the command's tests without the race
# detector, `serve` and `editor` of the command under it, and the build
# of the fuzzing test binaries.
# The fuzz targets run last, two at a time (run beside the lanes they
# slowed them by more than their own 90 s).
#
# Under the race detector, modernc.org/sqlite (SQLite translated from C)
# and its libc are compiled without the detector's instrumentation
# (RACE_FLAGS): half the CPU time of a SQLite-bound test went to
# instrumenting SQLite's own memory accesses, which are not this
# project's code (a C SQLite under cgo is not instrumented either). Our
# packages, database/sql and the drivers' Go front end stay instrumented.
# Every test runs exactly once; one summary reads every run's events.
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

# Packages whose non-test code starts no goroutine and shares no state:
# the race detector finds nothing there that their tests could show.
NORACE='^forcedreturns/(internal/(auth|accounts|importer|checks|i18n|config|jsonkeys)|models|seeds|dashboard/charts)(/|$)'
# The command's tests that run goroutines (serve's housekeeping and
# refresh, the password prompt).
CMDRACE='^Test(Serve|Editor)'
# The race lane's packages that take longest, longest first (each
# package's time is on its line of the run's go test output).
RACE_FIRST='forcedreturns/internal/store forcedreturns/dashboard forcedreturns/internal/export'
RACE_FLAGS=(-race -gcflags='modernc.org/...=-race=false')
# The heaviest tests of the raced packages that hold the stored answers
# to a computation over every figure (the summaries, the checks, the
# pages, a figure's checks, a download's counts) on hundreds of figures,
# or a bulk write's paths: they run without the
# race detector (2-3 times faster), in a step of their own. What runs
# goroutines on their paths (the generator's and the checks' writers,
# the revisions' snapshots, the anchors' refresh, the export's pipeline
# and its stored counts) runs under the detector in the smaller tests of
# the same packages (TestGenerateFigures, TestStoredChecksAsWritten,
# TestRunChecksBySubject, TestCheckStatus, TestListsOfEveryColumnHaveAnchors,
# TestBulkLoad, TestStoredCountsMatchFirstPass…).
HEAVY='^(TestStoredChecks|TestCursorPagesWalkEveryFigureOnce|TestChartCells|TestChartCellsAfterOneWrite|TestChartCellsAfterBulkLoad|TestFigureChecksAreTheWholeRunsOwn|TestStoredCountsIncremental|TestCountByIDMatchesCountability|TestFigurePagesWalkByCursor|TestOverviewSummarisesManyFigures|TestGenerateBulkLoad|TestLargeImportForgetsPageAnchors)$'
HEAVY_PKGS='./internal/store ./dashboard ./internal/export'

timed() { # name, command…: runs a command, says how long it took
  local name=$1 t0=$SECONDS rc=0; shift
  "$@" || rc=$?
  echo "== $name: $((SECONDS - t0)) s$([ $rc -eq 0 ] || echo ", FAILED")"
  return $rc
}
lane1() {
  local pkgs rc=0
  pkgs=$(go list ./... | grep -Ev "$NORACE|^forcedreturns/cmd/forcedreturns$") || return 1
  # go test starts the packages' test binaries in the order given, two at
  # a time (-p, one per core): the longest first (RACE_FIRST), or the
  # store's, the longest by far, starts last and runs alone at the end.
  local first
  first=$(printf '%s\n' $RACE_FIRST | grep -Fx "$pkgs")
  pkgs=$(printf '%s\n' "$first"; grep -Fxv "$first" <<<"$pkgs")
  timed "race" go test "${RACE_FLAGS[@]}" -count=1 -timeout 12m -json -skip "^TestBrowser|$HEAVY" $pkgs >"$work/race.json" 2>&1 || rc=1
  rest || rc=1
  return $rc
}
lane2() {
  local rc=0
  timed "browser" go test -count=1 -timeout 12m -json -run '^TestBrowser' ./dashboard >"$work/browser.json" 2>&1 || rc=1
  rest || rc=1
  return $rc
}
# rest: runs the remaining steps, taking them one by one from a list
# shared by the lanes, so that the lane free first takes the next.
rest() {
  local i pkgs rc=0
  while i=$(take); do
    case $i in
      0) timed "lint: deadcode, gofmt, migrations" bash .ci/lint.sh deadcode gofmt migrations >"$work/lint2.log" 2>&1 || { rc=1; touch "$work/lint.failed"; } ;;
      1) timed "lint: vet, staticcheck" bash .ci/lint.sh vet staticcheck >"$work/lint1.log" 2>&1 || { rc=1; touch "$work/lint.failed"; } ;;
      2) timed "no race: the heaviest" go test -count=1 -timeout 12m -json -run "$HEAVY" $HEAVY_PKGS >"$work/norace-heavy.json" 2>&1 || rc=1 ;;
      3) pkgs=$(go list ./... | grep -E "$NORACE") &&
        timed "no race" go test -count=1 -timeout 12m -json $pkgs >"$work/norace.json" 2>&1 || rc=1 ;;
      4) timed "no race: the command" go test -count=1 -timeout 12m -json -skip "$CMDRACE" ./cmd/forcedreturns >"$work/norace-cmd.json" 2>&1 || rc=1 ;;
      5) timed "race: the command" go test "${RACE_FLAGS[@]}" -count=1 -timeout 12m -json -run "$CMDRACE" ./cmd/forcedreturns >"$work/race-cmd.json" 2>&1 || rc=1 ;;
      6) timed "fuzz: build" bash .ci/fuzz.sh -build "$work/fuzzbin" >"$work/fuzzbuild.log" 2>&1 || true ;; # a failed build fails its targets in the fuzz step
      *) break ;;
    esac
  done
  return $rc
}
take() { # prints the number of the next remaining step (0, 1, …), once each
  local n
  {
    flock 9
    n=$(cat "$work/next" 2>/dev/null || echo 0)
    echo $((n + 1)) >"$work/next"
  } 9>"$work/next.lock"
  [ "$n" -le 6 ] && echo "$n"
}
fuzz() {
  FUZZ_BIN=$work/fuzzbin bash .ci/fuzz.sh "${FUZZTIME:-3s}" | tee "$work/fuzz.log"
}
lanes() {
  # Modules first, once, before the lanes compete for them.
  go mod download || return 1
  go build -o "$work/testsum" ./.ci/testsum || return 1
  lane1 >"$work/lane1.log" 2>&1 &
  local one=$!
  lane2 >"$work/lane2.log" 2>&1 &
  local two=$!
  local rc=0
  wait "$one" || rc=1
  wait "$two" || rc=1
  cat "$work/lane1.log" "$work/lane2.log"
  echo "== lint"
  cat "$work/lint1.log" "$work/lint2.log" 2>/dev/null
  [ ! -e "$work/lint.failed" ] || { echo "== lint: FAILED"; failed_steps+=(lint); }
  echo "== go test"
  cat "$work/race.json" "$work/race-cmd.json" "$work/browser.json" "$work/norace.json" "$work/norace-cmd.json" "$work/norace-heavy.json" 2>/dev/null |
    tee .ci/last-test.json | "$work/testsum" -totals "$work/go.totals" || rc=1
  return $rc
}

step "lint and go test" lanes
step fuzz timed fuzz fuzz

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
