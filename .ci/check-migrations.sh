#!/usr/bin/env bash
# Checks the numbered migrations in internal/store/migrations:
#   - files named NNNN_name.sql, numbered 1, 2, 3… with no gap or
#     duplicate, each non-empty (the store also refuses to start on a
#     malformed set; this catches it earlier);
#   - every file listed in SHA256SUMS with its checksum, and every listed
#     file present: a migration is history once committed, never edited;
#   - with git: no migration committed in HEAD, its first parent or the
#     base branch (MIGRATIONS_BASE, default the merge base with origin/main
#     or main) was changed or removed, and no line of SHA256SUMS either, so
#     that editing a migration and its checksum together is refused too.
# A new migration: add NNNN_name.sql, then
#   (cd internal/store/migrations && sha256sum NNNN_name.sql >> SHA256SUMS)
# Run by `make lint` (.ci/lint.sh).
set -euo pipefail
cd "$(dirname "$0")/../internal/store/migrations"
expect=1
status=0
for f in $(ls | grep -v '^SHA256SUMS$' | sort); do
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

if [ ! -f SHA256SUMS ]; then
  echo "internal/store/migrations/SHA256SUMS is missing: create it with (cd internal/store/migrations && sha256sum *.sql > SHA256SUMS)"
  exit 1
fi
# Each step below reads every file in one process (a process per file
# made the script, and its test's nine runs of it, slow).
while IFS= read -r f; do
  echo "migration $f has no entry in SHA256SUMS: add it with (cd internal/store/migrations && sha256sum $f >> SHA256SUMS)"; status=1
done < <(printf '%s\n' *.sql | awk 'NR == FNR { if (length($1) == 64 && $1 !~ /[^0-9a-f]/) listed[$2] = 1; next } !($0 in listed)' SHA256SUMS -)
# actual[file]: the checksum of each listed file that exists.
declare -A actual=()
listed=()
while read -r sum f; do [ ! -f "$f" ] || listed+=("$f"); done <SHA256SUMS
if [ ${#listed[@]} -gt 0 ]; then
  while IFS= read -r -d '' line; do
    actual[${line#*  }]=${line%%  *}
  done < <(sha256sum --zero -- "${listed[@]}" || true)
fi
while read -r sum f; do
  if [ ! -f "$f" ]; then
    echo "migration $f is listed in SHA256SUMS but missing: committed migrations are never removed"; status=1
  elif [ "${actual[$f]:-}" != "$sum" ]; then
    echo "migration $f was changed: SHA256SUMS records $sum. Migrations are history: restore the file" \
      "(git checkout main -- internal/store/migrations/$f) and put the change in a new migration"; status=1
  fi
done <SHA256SUMS

if git rev-parse --git-dir >/dev/null 2>&1 && git rev-parse -q --verify 'HEAD^{commit}' >/dev/null; then
  base=${MIGRATIONS_BASE:-}
  if [ -z "$base" ]; then
    for b in origin/main main; do
      if git rev-parse -q --verify "$b^{commit}" >/dev/null; then
        base=$(git merge-base HEAD "$b" 2>/dev/null || true)
        break
      fi
    done
  fi
  declare -A seen=() reported=() blob=()
  # blob[file]: the git object id of each file here, as it is on disk
  # (no filters: byte for byte), compared with the committed ones.
  files=()
  for f in *; do [ ! -f "$f" ] || files+=("$f"); done
  if [ ${#files[@]} -gt 0 ]; then
    i=0
    while read -r id; do blob[${files[$i]}]=$id; i=$((i + 1)); done < <(git hash-object --no-filters -- "${files[@]}")
  fi
  for ref in HEAD 'HEAD^1' $base; do
    c=$(git rev-parse -q --short --verify "$ref^{commit}" 2>/dev/null) || continue
    [ -z "${seen[$c]:-}" ] || continue
    seen[$c]=1
    while IFS=$'\t' read -r meta f; do
      [ -z "${reported[$f]:-}" ] || continue
      if [ "$f" = SHA256SUMS ]; then
        while IFS= read -r line; do
          echo "SHA256SUMS lost the line '$line' committed in $c: a committed migration's checksum never changes"
          status=1; reported[$f]=1
        done < <(git show "$c:./SHA256SUMS" | grep -vxF -f SHA256SUMS || true)
      elif [ ! -e "$f" ]; then
        echo "migration $f, committed in $c, was removed: committed migrations are never removed;" \
          "restore it (git checkout $c -- internal/store/migrations/$f)"
        status=1; reported[$f]=1
      elif [ "${blob[$f]:-}" != "${meta##* }" ]; then
        echo "migration $f differs from the one committed in $c: migrations are history;" \
          "restore it (git checkout $c -- internal/store/migrations/$f) and put the change in a new migration"
        status=1; reported[$f]=1
      fi
    done < <(git ls-tree "$c" -- .)
  done
fi

[ $status -eq 0 ] && echo "migrations ok: $((expect - 1)) numbered files, checksums match SHA256SUMS and history"
exit $status
