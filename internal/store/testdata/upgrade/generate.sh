#!/usr/bin/env bash
# Makes the upgrade fixtures of one past release: a database in which every
# table has rows, created by that release's own migrations and store (gen/),
# dumped as SQL for SQLite (sqlite3 .dump) and PostgreSQL (pg_dump, names
# unqualified so the test can load it into any schema).
#
#   bash internal/store/testdata/upgrade/generate.sh COMMIT
#
# writes internal/store/testdata/upgrade/COMMIT/{sqlite,postgres}.sql. Needs
# git, go, sqlite3, psql and pg_dump, and FORCEDRETURNS_TEST_DATABASE_URL.
# Fixtures are history too: make one for a new release, never regenerate
# an old one.
set -euo pipefail
rev=${1:?usage: generate.sh COMMIT}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
url=${FORCEDRETURNS_TEST_DATABASE_URL:?set FORCEDRETURNS_TEST_DATABASE_URL to a PostgreSQL server}
schema=upgrade_fixture_$rev
tmp=$(mktemp -d)
cleanup() {
  git -C "$repo" worktree remove --force "$tmp/src" 2>/dev/null || true
  psql -q "$url" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
git -C "$repo" worktree add --detach "$tmp/src" "$rev" >/dev/null
mkdir -p "$tmp/src/cmd/upgradefixture" "$here/$rev"
cp "$here/gen/main.go" "$tmp/src/cmd/upgradefixture/main.go"
(cd "$tmp/src" && go build -o "$tmp/gen" ./cmd/upgradefixture)

SQLITE_PATH="$tmp/db.sqlite" "$tmp/gen"
sqlite3 "$tmp/db.sqlite" .dump >"$here/$rev/sqlite.sql"

psql -q "$url" -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema"
sep='?'; [[ $url == *\?* ]] && sep='&'
DATABASE_URL="$url${sep}search_path=$schema" "$tmp/gen"
# Keep the statements, drop the session settings, psql meta-commands,
# comments and the schema qualification.
pg_dump "$url" --schema="$schema" --inserts --no-owner --no-privileges --no-comments |
  grep -v -e '^SET ' -e '^SELECT pg_catalog.set_config' -e '^\\' -e '^--' -e "^CREATE SCHEMA $schema;" |
  sed "s/\b$schema\.//g" | cat -s >"$here/$rev/postgres.sql"
echo "wrote $here/$rev/{sqlite,postgres}.sql"
