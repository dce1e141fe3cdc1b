#!/bin/sh
# Runs the cluster suite (tests/cluster/*.test.mjs, node --test): several mulin nodes against one
# PostgreSQL database, nginx in front of them, backup and restore. A throw-away PostgreSQL cluster
# is started with tools/pg.sh and stopped again however the run ends; a cluster that cannot
# start is a failure, never a skip. Prints the spec report, records "cluster passed failed" in
# build/results.txt and exits non-zero when anything failed.
# MULIN_BIN names the binary (default ./mulin); CONCURRENCY test files run at once (default 2).
set -u
MULIN_BIN=${MULIN_BIN:-./mulin}
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

fail_early() {
    echo "run-cluster: $1" >&2
    echo "cluster 0 1" >> build/results.txt
    exit 1
}

[ -x "$MULIN_BIN" ] || fail_early "'$MULIN_BIN' is not an executable (make mulin first)"
for tool in node psql pg_dump pg_restore nginx openssl; do
    command -v "$tool" > /dev/null 2>&1 || fail_early "$tool is not installed (tools/deps.sh check)"
done

pgdir=$(mktemp -d "${TMPDIR:-/tmp}/mulin-pg.XXXXXX") || exit 1
rmdir "$pgdir"
sh tools/pg.sh start "$pgdir" || fail_early "cannot start PostgreSQL"
MULIN_PG_BASE=$(cat "$pgdir/conninfo")
export MULIN_PG_BASE

. tools/node-suite.sh
node_suite cluster "$CONCURRENCY" tests/cluster/
