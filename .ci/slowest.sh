#!/usr/bin/env bash
# Prints the slowest tests (default 20) of a `go test -json` run, read from
# the files given or from standard input:
#
#   go test -race -count=1 -json ./dashboard | bash .ci/slowest.sh
#   bash .ci/slowest.sh 30 run.json
#
# .ci/test.sh keeps the JSON of its last run in .ci/last-test.json (not
# committed), so `bash .ci/slowest.sh .ci/last-test.json` lists the
# slowest of the last `make test` without running anything again.
set -euo pipefail
n=20
if [[ ${1:-} =~ ^[0-9]+$ ]]; then n=$1; shift; fi
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/testsum" ./.ci/testsum)
if [ $# -gt 0 ]; then
  cat "$@" | "$bin/testsum" -slowest "$n"
else
  "$bin/testsum" -slowest "$n"
fi
