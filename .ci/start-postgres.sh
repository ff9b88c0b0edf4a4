#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the TypeORM e2e suites
# (test/support/postgres.ts) and prints the environment that reaches it:
#
#   eval "$(.ci/start-postgres.sh)"   # exports PGHOST PGPORT PGUSER PGDATABASE DOWNLOADVIEW_PG_DIR
#   ...run the tests...
#   .ci/stop-postgres.sh              # stops it and removes its folder
#
# The cluster lives in a temp folder, listens on a free 127.0.0.1 port only,
# trusts local connections (test data only) and skips fsync. PostgreSQL
# refuses to run as root: as root, it runs as the `postgres` user (created
# when missing). Installs postgresql with apt when no server binary is found,
# unless DOWNLOADVIEW_PG_NO_INSTALL=1 (the Jest global setup): it then exits 3.
# Everything but the export lines goes to stderr.
set -euo pipefail
exec 3>&1 1>&2

find_bindir() {
  local dir
  for dir in "${PG_BINDIR:-}" /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  command -v pg_ctl >/dev/null 2>&1 && [ -x "$(dirname "$(command -v pg_ctl)")/initdb" ] &&
    { dirname "$(command -v pg_ctl)"; return 0; }
  return 1
}

bindir=$(find_bindir || true)
if [ -z "$bindir" ] && [ "${DOWNLOADVIEW_PG_NO_INSTALL:-}" = 1 ]; then
  echo "start-postgres: no PostgreSQL server found"
  exit 3
fi
if [ -z "$bindir" ]; then
  echo "start-postgres: no PostgreSQL server found; installing postgresql"
  sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update
  # policy-rc.d (exit 101) keeps the package from starting the system cluster.
  policy=/usr/sbin/policy-rc.d
  [ -e "$policy" ] || { printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null; "${sudo[@]}" chmod 755 "$policy"; created_policy=1; }
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
  [ -n "${created_policy:-}" ] && "${sudo[@]}" rm -f "$policy"
  bindir=$(find_bindir)
fi

run=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  run=(runuser -u postgres --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/downloadview-pg.XXXXXX")
chmod 755 "$dir"
[ ${#run[@]} -gt 0 ] && chown postgres "$dir"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
user=downloadview
database=downloadview_test

"${run[@]}" "$bindir/initdb" -D "$dir/data" -U "$user" --auth=trust --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log"
# 3>&-: the server must not inherit the export pipe, or `eval "$(...)"` would wait for it.
"${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null 3>&- ||
  { cat "$dir/server.log"; exit 1; }
"${run[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$database"

echo "start-postgres: PostgreSQL $("$bindir/postgres" --version | sed 's/^[^0-9]*//') on 127.0.0.1:$port (folder $dir)"
{
  echo "export PGHOST=127.0.0.1 PGPORT=$port PGUSER=$user PGDATABASE=$database"
  echo "export DOWNLOADVIEW_PG_DIR=$dir DOWNLOADVIEW_PG_BINDIR=$bindir"
} >&3
