#!/bin/sh
# Runs every meeting-procedure script tests/procedure/NAME.jsonl through
# `mulin procedure run` and compares the answers with NAME.out, line for line. Records
# "procedure PASSED FAILED" in build/results.txt. MULIN_BIN picks the binary (default ./mulin).
set -u
bin=${MULIN_BIN:-./mulin}
mkdir -p build
passed=0
failed=0
out=$(mktemp "${TMPDIR:-/tmp}/mulin-procedure.XXXXXX") || exit 1
for script in tests/procedure/*.jsonl; do
    name=$(basename "$script" .jsonl)
    want=tests/procedure/$name.out
    if "$bin" procedure run "$script" > "$out" 2>&1 && [ -f "$want" ] && cmp -s "$out" "$want"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "procedure: $name FAILED"
        [ -f "$want" ] && diff "$want" "$out" | head -n 20
    fi
done
rm -f "$out"
echo "procedure $passed $failed" >> build/results.txt
echo "procedure: passed $passed, failed $failed"
[ "$failed" -eq 0 ]
