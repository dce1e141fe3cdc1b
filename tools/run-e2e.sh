#!/bin/sh
# Runs the browser tests (tests/e2e: playwright-core driving Debian's chromium, axe-core, the
# Node test runner) against the binary in MULIN_BIN (default ./mulin); records
# "e2e passed failed" in build/results.txt and exits non-zero when anything failed.
set -u
cd "$(dirname "$0")/.." || exit 1
mkdir -p build
export MULIN_BIN="${MULIN_BIN:-./mulin}"

record() {
    echo "e2e $1 $2" >> build/results.txt
}

if [ ! -x "$MULIN_BIN" ]; then
    echo "e2e: no mulin binary at $MULIN_BIN (run make mulin)" >&2
    record 0 1
    exit 1
fi
if [ ! -x "${CHROMIUM_BIN:-/usr/bin/chromium}" ] || ! command -v node >/dev/null 2>&1; then
    echo "e2e: needs node and ${CHROMIUM_BIN:-/usr/bin/chromium} (run tools/deps.sh check)" >&2
    record 0 1
    exit 1
fi
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    echo "e2e: warning: no Chinese font installed (fonts-wqy-zenhei); screenshots will show boxes" >&2
fi

if [ ! -d tests/e2e/node_modules ]; then
    if ! npm_log=$(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error 2>&1); then
        printf '%s\n' "$npm_log" >&2
        echo "e2e: npm ci failed in tests/e2e" >&2
        record 0 1
        exit 1
    fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# The output streams as it comes; the exit code goes through a file (sh has no PIPESTATUS).
# timeout: a hung browser must not hold a CI run; the suite itself takes about a minute.
{
    timeout -k 10 600 node --test --test-reporter=tap --test-concurrency=1 tests/e2e/ 2>&1
    echo $? > "$tmp/rc"
} | tee "$tmp/out"
rc=$(cat "$tmp/rc")

passed=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$tmp/out" | tail -n 1)
failed=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$tmp/out" | tail -n 1)
passed=${passed:-0}
failed=${failed:-0}
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
record "$passed" "$failed"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
