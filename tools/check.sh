#!/bin/sh
# `make check`: every suite, in order, each recorded in build/results.txt; a clear summary at
# the end. A failing suite does not stop the others, but fails the whole run.
set -u
mkdir -p build
: > build/results.txt
status=0
run() {
    name=$1
    shift
    echo "=== $name"
    if ! "$@"; then
        status=1
        # A suite that failed before recording anything still counts as a failure.
        grep -q "^$name" build/results.txt || echo "$name 0 1" >> build/results.txt
    fi
}

run lint sh tools/lint.sh
run unit sh tools/run-unit.sh $(ls build/rel/unit/test_* 2>/dev/null)
run procedure sh tools/run-procedure.sh
run http env MULIN_BIN=./mulin sh tools/run-http.sh
run http-pg env MULIN_ENGINE=postgresql MULIN_BIN=./mulin sh tools/run-http.sh
run crash sh tools/run-crash.sh
run cluster sh tools/run-cluster.sh
run e2e env MULIN_BIN=./mulin sh tools/run-e2e.sh
run fuzz sh tools/run-fuzz.sh $(ls build/fuzz/fuzz_* 2>/dev/null)
run unit-asan sh tools/run-unit.sh $(ls build/asan/unit/test_* 2>/dev/null)
run http-asan env MULIN_BIN=./build/asan/mulin sh tools/run-http.sh

echo
echo "=== summary"
awk '{ printf "  %-40s %5d passed %5d failed\n", $1, $2, $3; p += $2; f += $3 }
     END { printf "\n%d passed, %d failed\n", p, f }' build/results.txt
failed=$(awk '{ f += $3 } END { print f + 0 }' build/results.txt)
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
