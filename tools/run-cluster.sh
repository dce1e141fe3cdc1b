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
tap=$(mktemp "${TMPDIR:-/tmp}/mulin-cluster-tap.XXXXXX") || exit 1
pgdir=""
cleanup() {
    rm -f "$tap"
    [ -n "$pgdir" ] && sh tools/pg.sh stop "$pgdir"
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

# The spec report goes to the terminal; the TAP report, whose "# pass N" / "# fail N" summary
# lines are counted, to a file.
node --test --test-concurrency="$CONCURRENCY" \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    tests/cluster/
rc=$?

passed=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$tap" | tail -n 1)
failed=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$tap" | tail -n 1)
cancelled=$(sed -n 's/^# cancelled \([0-9][0-9]*\)$/\1/p' "$tap" | tail -n 1)
passed=${passed:-0}
failed=${failed:-0}
failed=$((failed + ${cancelled:-0}))
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "cluster $passed $failed" >> build/results.txt
echo "cluster: passed $passed, failed $failed"
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
