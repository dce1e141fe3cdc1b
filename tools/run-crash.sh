#!/bin/sh
# Runs the crash-safety test (tests/crash/, node --test) against the binary named by MULIN_BIN
# (default ./mulin) on both engines: SQLite in a temporary file, PostgreSQL in a throw-away
# cluster started here (tools/pg.sh) and stopped again by a trap, also when the test fails; a
# cluster that cannot start is a failure, never a skip. Prints the spec report, records
# "crash passed failed" in build/results.txt and exits non-zero when anything failed.
# CRASH_ROUNDS, CRASH_CONCURRENCY and CRASH_SEED pass through to the test.
set -u
. "$(dirname "$0")/node-suite.sh"
suite_bin # before the cd: MULIN_BIN is relative to the caller's directory
cd "$(dirname "$0")/.." || exit 1
mkdir -p build
bindir=""
cleanup() {
    [ -n "$bindir" ] && rm -rf "$bindir"
    suite_pg_stop
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

fail() {
    echo "run-crash: $1" >&2
    echo "crash 0 1" >> build/results.txt
    exit 1
}

[ -x "$MULIN_BIN" ] || fail "'$MULIN_BIN' is not an executable (build it first)"
# A private copy: the test starts the server some sixty times, and a rebuild in the middle of
# the run must not pull the binary from under it.
bindir=$(mktemp -d "${TMPDIR:-/tmp}/mulin-crash-bin.XXXXXX") || fail "cannot make a directory"
cp "$MULIN_BIN" "$bindir/mulin" || fail "cannot copy '$MULIN_BIN'"
MULIN_BIN=$bindir/mulin
for tool in node sqlite3 psql; do
    command -v "$tool" > /dev/null 2>&1 || fail "$tool is missing (tools/deps.sh check)"
done
suite_pg_start || fail "cannot start PostgreSQL"

start=$(date +%s)
node_suite crash 1 tests/crash/
status=$?
echo "crash: $(($(date +%s) - start)) s"
exit $status
