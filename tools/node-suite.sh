# Sourced by the tools/run-*.sh scripts that drive a `node --test` suite.
#
# node_suite NAME CONCURRENCY DIR
#   Runs the suite in DIR: the spec report goes to the terminal, the TAP report (whose
#   "# pass N" / "# fail N" / "# cancelled N" lines are counted) to a temporary file. Appends
#   "NAME PASSED FAILED" to build/results.txt (cancelled tests count as failed, and so does a
#   non-zero exit with no counted failure), prints "NAME: passed P, failed F", and returns
#   non-zero when anything failed.
node_suite() {
    _name=$1
    _conc=$2
    _dir=$3
    _tap=$(mktemp "${TMPDIR:-/tmp}/mulin-tap.XXXXXX") || return 1
    node --test --test-concurrency="$_conc" \
        --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap --test-reporter-destination="$_tap" \
        "$_dir"
    _rc=$?
    _passed=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$_tap" | tail -n 1)
    _failed=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$_tap" | tail -n 1)
    _cancelled=$(sed -n 's/^# cancelled \([0-9][0-9]*\)$/\1/p' "$_tap" | tail -n 1)
    rm -f "$_tap"
    _passed=${_passed:-0}
    _failed=$((${_failed:-0} + ${_cancelled:-0}))
    if [ "$_rc" -ne 0 ] && [ "$_failed" -eq 0 ]; then _failed=1; fi
    mkdir -p build
    echo "$_name $_passed $_failed" >> build/results.txt
    echo "$_name: passed $_passed, failed $_failed"
    [ "$_failed" -eq 0 ] && [ "$_rc" -eq 0 ]
}
