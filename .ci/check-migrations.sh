#!/usr/bin/env bash
# Checks the numbered migrations: files named NNNN_name.sql, numbered 1, 2,
# 3… with no gap or duplicate, each non-empty. Run by `make test`; the
# store also refuses to start on a malformed set, this catches it earlier.
set -euo pipefail
cd "$(dirname "$0")/../internal/store/migrations"
expect=1
status=0
for f in $(ls | sort); do
  if ! [[ $f =~ ^([0-9]{4})_[a-z0-9_]+\.sql$ ]]; then
    echo "migration $f: expected a name like 0003_add_editors.sql"; status=1; continue
  fi
  n=$((10#${BASH_REMATCH[1]}))
  if [ "$n" -ne "$expect" ]; then
    echo "migration $f: expected number $expect (migrations are numbered 1, 2, 3… without gaps)"; status=1
  fi
  [ -s "$f" ] || { echo "migration $f is empty"; status=1; }
  expect=$((n + 1))
done
[ $status -eq 0 ] && echo "migrations ok: $((expect - 1)) numbered files"
exit $status
