#!/bin/sh
# Runs each cmocka test binary given; records "suite passed failed" in build/results.txt.
set -u
mkdir -p build
total_fail=0
for t in "$@"; do
    out=$("$t" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    passed=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    failed=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=${passed:-0}
    failed=${failed:-0}
    if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    echo "unit:$t $passed $failed" >> build/results.txt
    total_fail=$((total_fail + failed))
done
[ "$total_fail" -eq 0 ]
