#!/bin/sh
# Runs the cluster suite (tests/cluster/*.test.mjs, node --test): several mulin nodes against one
# PostgreSQL database, nginx in front of them, backup and restore. A throw-away PostgreSQL cluster
# is started with tools/pg.sh and stopped again however the run ends; a cluster that cannot
# start is a failure, never a skip. Prints the spec report, records "cluster passed failed" in
# build/results.txt and exits non-zero when anything failed.
# MULIN_BIN names the binary (default ./mulin); CONCURRENCY test files run at once (default 2).
set -u
. "$(dirname "$0")/node-suite.sh"
suite_bin # before the cd: MULIN_BIN is relative to the caller's directory
cd "$(dirname "$0")/.." || exit 1
CONCURRENCY=${CONCURRENCY:-2}
mkdir -p build
trap suite_pg_stop EXIT
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

suite_pg_start || fail_early "cannot start PostgreSQL"

node_suite cluster "$CONCURRENCY" tests/cluster/
