#!/bin/sh
# Runs the black-box HTTP suite (tests/http/*.test.mjs, node --test) against the binary named by
# MULIN_BIN (default ./mulin); prints the spec report and records
# "http:$MULIN_BIN passed failed" in build/results.txt. Exits non-zero when anything failed.
# Each test file starts its own server, so files run two at a time (CONCURRENCY to change).
# MULIN_ENGINE=postgresql runs the same suite on PostgreSQL: a throw-away cluster is started
# (tools/pg.sh) and stopped again even when tests fail; a cluster that cannot start is a
# failure, never a skip.
set -u
MULIN_BIN=${MULIN_BIN:-./mulin}
name=$MULIN_BIN # as given, for the results line
# Paths are taken from the caller's directory; the suite runs from the repository root.
case $MULIN_BIN in
/*) ;;
*) MULIN_BIN=$(pwd)/$MULIN_BIN ;;
esac
export MULIN_BIN
cd "$(dirname "$0")/.." || exit 1
CONCURRENCY=${CONCURRENCY:-2}
mkdir -p build
pgdir=""
cleanup() {
    if [ -n "$pgdir" ]; then sh tools/pg.sh stop "$pgdir"; fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
if [ "${MULIN_ENGINE:-sqlite}" = postgresql ]; then
    name="$name(postgresql)"
    pgdir=$(mktemp -d "${TMPDIR:-/tmp}/mulin-pg.XXXXXX") || exit 1
    rmdir "$pgdir"
    if ! sh tools/pg.sh start "$pgdir"; then
        echo "run-http: cannot start PostgreSQL" >&2
        echo "http:$name 0 1" >> build/results.txt
        exit 1
    fi
    MULIN_PG_BASE=$(cat "$pgdir/conninfo")
    export MULIN_PG_BASE
fi

if [ ! -x "$MULIN_BIN" ]; then
    echo "run-http: '$name' is not an executable (build it first)" >&2
    echo "http:$name 0 1" >> build/results.txt
    exit 1
fi

. tools/node-suite.sh
node_suite "http:$name" "$CONCURRENCY" tests/http/
