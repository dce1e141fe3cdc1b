#!/bin/sh
# A short run of every libFuzzer target over its checked-in seed corpus. New inputs go to a
# temporary directory, so the checked-in corpus only changes by hand. FUZZ_SECONDS sets the
# time per target (default 20).
set -u
seconds=${FUZZ_SECONDS:-20}
mkdir -p build
passed=0
failed=0
for t in "$@"; do
    name=$(basename "$t")
    seeds=tests/fuzz/corpus/$name
    if [ ! -d "$seeds" ]; then # every target starts from checked-in seeds
        failed=$((failed + 1))
        echo "fuzz: $name FAILED: no seed corpus in $seeds (add at least one input there)"
        continue
    fi
    work=$(mktemp -d)
    echo "fuzz: $name for ${seconds}s"
    if "$t" -max_total_time="$seconds" -print_final_stats=0 -artifact_prefix="build/$name-" \
            "$work" "$seeds" > "build/$name.log" 2>&1; then
        passed=$((passed + 1))
        tail -n 2 "build/$name.log"
    else
        failed=$((failed + 1))
        tail -n 40 "build/$name.log"
        echo "fuzz: $name FAILED (crash input saved as build/$name-*)"
    fi
    rm -rf "$work"
done
echo "fuzz $passed $failed" >> build/results.txt
[ "$failed" -eq 0 ]
