#!/usr/bin/env bash
# Measures report intake (issue 13): per document of the labelled corpus
# (internal/intake/testdata/corpus and the seed article) and overall,
# recall, precision and the share of found figures whose period and metric
# are right, then the held-out set; then the recogniser on a 1 MB text
# beside strings.Fields over the same text, in the same run (the machine
# is shared: only the ratio means much), with the CPU time it took.
#
#   make intake-bench
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== corpus (go test ./internal/intake -run TestCorpus -v)"
go test ./internal/intake -run '^TestCorpus$' -count=1 -v | sed -n '/document/,/^--- /p' | sed 's/^        //' | grep -v '^--- '
echo "== 1 MB text"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/intake.test" ./internal/intake
out=$(cd internal/intake && "$work/intake.test" -test.run '^$' -test.bench '1MB$' -test.benchtime 5x)
echo "$out" | grep '^Benchmark'
echo "$out" | awk '/^BenchmarkPropose1MB/ {p=$3} /^BenchmarkFields1MB/ {f=$3} END {if (p && f) printf "intake: %.2f s per MB (wall), %.0f× strings.Fields over the same text\n", p/1e9, p/f}'
cpu=$( { cd internal/intake && /usr/bin/time -f '%U' "$work/intake.test" -test.run '^$' -test.bench 'Propose1MB$' -test.benchtime 5x >/dev/null; } 2>&1 | tail -n 1)
echo "intake: ${cpu} s of user CPU for 6 runs (one to warm up) on 1 MB"
