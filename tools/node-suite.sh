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

# suite_bin: makes $MULIN_BIN (default ./mulin) absolute, from the caller's directory, and
# exports it, so the suite can run from the repository root.
suite_bin() {
    MULIN_BIN=${MULIN_BIN:-./mulin}
    case $MULIN_BIN in
    /*) ;;
    *) MULIN_BIN=$(pwd)/$MULIN_BIN ;;
    esac
    export MULIN_BIN
}

# suite_pg_start: starts a throw-away PostgreSQL cluster (tools/pg.sh) in $suite_pgdir and
# exports MULIN_PG_BASE; non-zero when it cannot start. suite_pg_stop stops and removes it
# (call it from the script's EXIT trap, so it runs however the suite ends).
suite_pgdir=""
suite_pg_start() {
    suite_pgdir=$(mktemp -d "${TMPDIR:-/tmp}/mulin-pg.XXXXXX") || return 1
    rmdir "$suite_pgdir"
    sh tools/pg.sh start "$suite_pgdir" || return 1
    MULIN_PG_BASE=$(cat "$suite_pgdir/conninfo")
    export MULIN_PG_BASE
}

suite_pg_stop() {
    if [ -n "$suite_pgdir" ]; then
        sh tools/pg.sh stop "$suite_pgdir"
        suite_pgdir=""
    fi
}
