#!/usr/bin/env bash
# Stops the cluster started by .ci/start-postgres.sh (DOWNLOADVIEW_PG_DIR)
# and removes its folder. Does nothing when none was started.
set -uo pipefail
dir=${DOWNLOADVIEW_PG_DIR:-}
[ -n "$dir" ] && [ -d "$dir/data" ] || exit 0
bindir=${DOWNLOADVIEW_PG_BINDIR:-$(dirname "$(ls -d /usr/lib/postgresql/*/bin/pg_ctl | tail -1)")}
run=()
[ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
"${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
rm -rf "$dir"
echo "stop-postgres: stopped and removed $dir" >&2
