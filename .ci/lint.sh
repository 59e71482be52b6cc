#!/usr/bin/env bash
# The static checks, run by `make lint` and as the first step of
# `make test`: gofmt, go vet, staticcheck, deadcode and the migration
# checks. Every check runs even after one fails, so that one run shows
# every problem; the exit status is 1 if any found something.
#
# staticcheck and deadcode run at pinned versions, built once per run
# with `go install module@version` into a temporary directory, so a fresh
# machine needs only Go and the module proxy (the first run downloads and
# builds them: about a minute). What the build prints ("go: downloading
# …") is kept apart: a check's output is only its findings.
#
# deadcode runs twice. With -test it lists functions nothing reaches, not
# even a test. Without it, it lists functions only tests reach: production
# code kept alive by its tests alone is dead too. Helper packages made for
# tests (storetest, exporttest, seedtest: any package whose name ends in
# "test") are test-only by design and left out of that second list.
#
#   lint.sh [check…]   runs only the checks named (gofmt, vet,
#                      staticcheck, deadcode, migrations; all by default):
#                      .ci/test.sh runs them in two parts, in whichever of
#                      its lanes is free.
set -uo pipefail
cd "$(dirname "$0")/.."

STATICCHECK=honnef.co/go/tools/cmd/staticcheck@v0.8.2
DEADCODE=golang.org/x/tools/cmd/deadcode@v0.52.0

status=0
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
# install_tool module@version: builds the tool into $tools, printing the
# build's output only when it fails.
install_tool() {
  local out
  out=$(GOBIN=$tools go install "$1" 2>&1) || { echo "lint: could not build $1:"; echo "$out"; return 1; }
}
staticcheck=$tools/staticcheck
deadcode=$tools/deadcode
checks=" ${*:-gofmt vet staticcheck deadcode migrations} "
for c in $checks; do
  case $c in gofmt | vet | staticcheck | deadcode | migrations) ;; *) echo "lint: no check named $c"; exit 2 ;; esac
done
wants() { [[ $checks == *" $1 "* ]]; }
# The module's dependencies, downloaded quietly first: deadcode would
# print go's "downloading" lines among its findings.
out=$(go mod download 2>&1) || { echo "lint: go mod download:"; echo "$out"; status=1; }
if wants staticcheck; then install_tool "$STATICCHECK" || status=1; fi
if wants deadcode; then install_tool "$DEADCODE" || status=1; fi

check() { # name, command…: runs a check, remembers a failure
  local name=$1; shift
  if ! "$@"; then echo "lint: $name found problems"; status=1; fi
}

gofmt_clean() {
  local out files
  files=$(git ls-files '*.go') && [ -n "$files" ] || { echo "no Go files from git ls-files: run lint in a git checkout"; return 1; }
  out=$(gofmt -l $files) || return 1
  [ -z "$out" ] || { echo "gofmt needed: $out"; return 1; }
}

# deadcode prints findings and exits 0: any line is a finding.
no_output() { # command…
  local out
  out=$("$@" 2>&1) || { echo "$out"; return 1; }
  [ -z "$out" ] || { echo "$out"; return 1; }
}

only_tests_reach() {
  local out
  out=$("$deadcode" ./... 2>&1) || { echo "$out"; return 1; }
  out=$(grep -Ev '^[^:]*test/[^/:]*\.go:' <<<"$out")
  [ -z "$out" ] || { echo "reached only from tests (remove, or call it from the program):"; echo "$out"; return 1; }
}

if wants gofmt; then check gofmt gofmt_clean; fi
if wants vet; then check "go vet" go vet ./... ./.ci/testsum; fi
if wants staticcheck; then check staticcheck "$staticcheck" ./... ./.ci/testsum; fi
if wants deadcode; then
  check "deadcode -test" no_output "$deadcode" -test ./...
  check deadcode only_tests_reach
fi
if wants migrations; then check migrations bash .ci/check-migrations.sh; fi
exit $status
