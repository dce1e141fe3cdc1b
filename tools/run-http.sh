#!/bin/sh
# Runs the black-box HTTP suite (tests/http/*.test.mjs, node --test) against the binary named by
# MULIN_BIN (default ./mulin); prints the spec report and records
# "http:$MULIN_BIN passed failed" in build/results.txt. Exits non-zero when anything failed.
# Each test file starts its own server, so files run two at a time (CONCURRENCY to change).
# MULIN_ENGINE=postgresql runs the same suite on PostgreSQL: a throw-away cluster is started
# (tools/pg.sh) and stopped again even when tests fail; a cluster that cannot start is a
# failure, never a skip.
set -u
name=${MULIN_BIN:-./mulin} # as given, for the results line
. "$(dirname "$0")/node-suite.sh"
suite_bin # before the cd: MULIN_BIN is relative to the caller's directory
cd "$(dirname "$0")/.." || exit 1
CONCURRENCY=${CONCURRENCY:-2}
mkdir -p build
trap suite_pg_stop EXIT
trap 'exit 1' HUP INT TERM
if [ "${MULIN_ENGINE:-sqlite}" = postgresql ]; then
    name="$name(postgresql)"
    if ! suite_pg_start; then
        echo "run-http: cannot start PostgreSQL" >&2
        echo "http:$name 0 1" >> build/results.txt
        exit 1
    fi
fi

if [ ! -x "$MULIN_BIN" ]; then
    echo "run-http: '$name' is not an executable (build it first)" >&2
    echo "http:$name 0 1" >> build/results.txt
    exit 1
fi

node_suite "http:$name" "$CONCURRENCY" tests/http/
