#!/bin/sh
# The meeting bench on its own, in a few minutes (the whole `make bench` runs it too): `sh
# bench/meeting-run.sh` after `make mulin`.
#
# 1. Data: `mulin init --demo --large` into SQLite and (BENCH_PG=1, the default) into a
#    throw-away PostgreSQL cluster (tools/pg.sh), as bench/run.sh makes them.
# 2. The hall's topic list before and after a change (BENCH_BEFORE_BIN=an older mulin): both
#    binaries serve the same databases in turn; every list page must be the same bytes from
#    both; SQL statements a request (PostgreSQL, log_statement = all); then wrk on page 1 of
#    德州五村's list (as bench/run.sh loads its pages), each binary on each engine.
# 3. The meeting (bench/meeting.sh): 10,000 watchers and commands at 10 a second, then the
#    POST's time by the log's length; on SQLite and PostgreSQL.
# 4. The engine's throughput in process (bench/procedure.sh).
# Prints a Markdown report, also written to BENCH_OUT (bench/results/meeting-latest.md); fails
# when a command is refused or missed by a watcher, or the two binaries' lists differ.
#
# Environment: MULIN_BIN (./mulin), BENCH_BEFORE_BIN (none: no before/after), BENCH_PG (1),
# BENCH_DATA (large; "demo" for the small demo set, for trying the script out),
# BENCH_DURATION (10s), BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_OUT, and
# bench/meeting.sh's MEETING_* (watchers, rate, commands).
set -eu

cd "$(dirname "$0")/.."
MULIN_BIN=${MULIN_BIN:-./mulin}
BEFORE_BIN=${BENCH_BEFORE_BIN:-}
USE_PG=${BENCH_PG:-1}
DATA=${BENCH_DATA:-large}
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-64}
OUT=${BENCH_OUT:-bench/results/meeting-latest.md}

. bench/lib.sh
. bench/sse.sh
. bench/meeting.sh

PATH=$PATH:/usr/sbin:/sbin
for tool in wrk curl psql cc; do
    command -v "$tool" >/dev/null 2>&1 || sh tools/deps.sh bench || die "cannot install the bench tools"
done
[ -x "$MULIN_BIN" ] || die "$MULIN_BIN is missing: run 'make mulin' first"
# shellcheck disable=SC3045
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mulin-mbench.XXXXXX")
PGDIR=""
PGINIT_PID=""
WRK_PID=""
SSE_MULIN_PID=""
SSE_CLIENT_PID=""
SRV_PID=""
cleanup() {
    status=$?
    trap - EXIT INT TERM HUP
    for pid in "$WRK_PID" "$SSE_CLIENT_PID" "$PGINIT_PID"; do
        if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
    done
    stop_pid "$SSE_MULIN_PID"
    stop_pid "$SRV_PID"
    if [ -n "$PGDIR" ]; then sh tools/pg.sh stop "$PGDIR" || true; fi
    if [ "$status" -ne 0 ]; then
        for f in "$TMP"/*.log "$TMP"/*.err; do
            [ -s "$f" ] || continue
            echo "bench: last lines of $(basename "$f"):" >&2
            tail -n 5 "$f" >&2
        done
    fi
    rm -rf "$TMP"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

MULIN=$TMP/mulin
cp "$MULIN_BIN" "$MULIN"
BEFORE=""
if [ -n "$BEFORE_BIN" ]; then
    BEFORE=$TMP/mulin-before
    cp "$BEFORE_BIN" "$BEFORE"
    MEETING_BEFORE=$BEFORE
    MEETING_BEFORE_NAME=$BEFORE_BIN
fi
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
T_START=$(date +%s)
: >"$TMP/problems"

# ---- data ------------------------------------------------------------------------------------

flag=--large
[ "$DATA" = large ] || flag=""
say "building the data ($DATA)..."
if [ "$USE_PG" = 1 ]; then
    PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/mulin-mbench-pg.XXXXXX")
    sh tools/pg.sh start "$PGDIR" || die "cannot start PostgreSQL (tools/pg.sh)"
    PGBASE=$(cat "$PGDIR/conninfo")
    psql "$PGBASE dbname=postgres" -q -v ON_ERROR_STOP=1 -c 'CREATE DATABASE mulin_bench' >/dev/null ||
        die "cannot create the PostgreSQL database"
    PGCONN="$PGBASE dbname=mulin_bench"
    # shellcheck disable=SC2086
    "$MULIN" init --demo $flag --pg "$PGCONN" >"$TMP/init-pg.log" 2>&1 &
    PGINIT_PID=$!
fi
SQ_DB=$TMP/large.db
# shellcheck disable=SC2086
"$MULIN" init --demo $flag --db "$SQ_DB" >"$TMP/init-sqlite.log" 2>&1 || die "mulin init (SQLite) failed"
if [ -n "$PGINIT_PID" ]; then
    wait "$PGINIT_PID" || die "mulin init (PostgreSQL) failed: $(tail -n 3 "$TMP/init-pg.log")"
    PGINIT_PID=""
fi
T_DATA=$(($(date +%s) - T_START))
ENGINES=sqlite
[ "$USE_PG" = 1 ] && ENGINES="sqlite pg"

# serve BIN ENGINE: starts BIN on the engine's database; sets SRV_PID and SRV_URL.
serve() {
    port=$(free_port)
    SRV_URL=http://127.0.0.1:$port
    if [ "$2" = sqlite ]; then
        "$1" serve --db "$SQ_DB" --listen "127.0.0.1:$port" 2>>"$TMP/serve-$2.log" &
    else
        "$1" serve --pg "$PGCONN" --listen "127.0.0.1:$port" 2>>"$TMP/serve-$2.log" &
    fi
    SRV_PID=$!
    wait_up "$SRV_URL/login" "mulin ($2)" "$SRV_PID"
}

# Sign-in, nodes and people, per engine (sessions live in the database: they outlast a server).
for engine in $ENGINES; do
    serve "$MULIN" "$engine"
    token=$(login "$SRV_URL")
    # shellcheck disable=SC2046
    set -- $(find_nodes "$SRV_URL" "$token")
    if [ "$engine" = sqlite ]; then
        SQ_TOKEN=$token SQ_AREA=$2
        api "$SRV_URL" "$token" "/api/v1/nodes/$2/people" >"$TMP/people.json"
    else
        PG_TOKEN=$token PG_AREA=$2
        api "$SRV_URL" "$token" "/api/v1/nodes/$2/people" >"$TMP/people-pg.json"
    fi
    stop_pid "$SRV_PID"
    SRV_PID=""
done

# ---- the topic list, before and after ------------------------------------------------------------

# Statements one GET sends PostgreSQL (log_statement = all for that request).
pg_statements() { # URL TOKEN PATH
    psql "$PGCONN" -q -c "ALTER SYSTEM SET log_statement = 'all'" -c 'SELECT pg_reload_conf()' >/dev/null
    sleep 0.5
    before=$(wc -l <"$PGDIR/server.log")
    curl -s -o /dev/null -H "Cookie: mulin_session=$2" "$1$3"
    sleep 0.3
    tail -n +$((before + 1)) "$PGDIR/server.log" | grep -cE 'LOG: +(statement|execute)' || true
    psql "$PGCONN" -q -c 'ALTER SYSTEM RESET log_statement' -c 'SELECT pg_reload_conf()' >/dev/null
}

: >"$TMP/topics"
if [ -n "$BEFORE" ]; then
    for engine in $ENGINES; do
        if [ "$engine" = sqlite ]; then token=$SQ_TOKEN area=$SQ_AREA; else token=$PG_TOKEN area=$PG_AREA; fi
        for which in before after; do
            bin=$MULIN
            [ "$which" = after ] || bin=$BEFORE
            serve "$bin" "$engine"
            for page in 1 2 3 50 501; do
                api "$SRV_URL" "$token" "/api/v1/halls/$area/topics?page=$page" >"$TMP/topics-$engine-$which-$page.json"
            done
            statements=-
            [ "$engine" = sqlite ] || statements=$(pg_statements "$SRV_URL" "$token" "/api/v1/halls/$area/topics")
            say "topics ($which, $engine, $DURATION)..."
            load 2s "$SRV_URL/api/v1/halls/$area/topics" -H "Cookie: mulin_session=$token"
            c0=$(cpu_ticks "$SRV_PID")
            load "$DURATION" "$SRV_URL/api/v1/halls/$area/topics" -H "Cookie: mulin_session=$token"
            c1=$(cpu_ticks "$SRV_PID")
            total=$(awk '/requests in/ { print $1 }' "$TMP/wrk.out")
            echo "$engine $which $(awk '/^Requests\/sec:/ { print $2 }' "$TMP/wrk.out")" \
                "$(to_ms "$(awk '$1 == "50%" { print $2 }' "$TMP/wrk.out")")" \
                "$(to_ms "$(awk '$1 == "99%" { print $2 }' "$TMP/wrk.out")")" \
                "$(awk -v c=$((c1 - c0)) -v hz="$HZ" -v n="$total" 'BEGIN { printf "%.0f", n ? c * 1e6 / hz / n : 0 }')" \
                "$statements $(wc -c <"$TMP/topics-$engine-$which-1.json")" >>"$TMP/topics"
            if grep -q 'Non-2xx' "$TMP/wrk.out"; then echo "topics ($which, $engine): non-2xx answers" >>"$TMP/problems"; fi
            stop_pid "$SRV_PID"
            SRV_PID=""
        done
        for page in 1 2 3 50 501; do
            cmp -s "$TMP/topics-$engine-before-$page.json" "$TMP/topics-$engine-after-$page.json" ||
                echo "topics page $page on $engine: the two binaries answer different bytes" >>"$TMP/problems"
        done
    done
fi

# ---- the meeting -------------------------------------------------------------------------------

sse_build
# shellcheck disable=SC2086
meeting_all $ENGINES
[ "$USE_PG" != 1 ] || meeting_same_people "$TMP/people.json" "$TMP/people-pg.json"

# ---- the engine --------------------------------------------------------------------------------

PROCEDURE=$(MULIN_BIN=$MULIN sh bench/procedure.sh)

# ---- report ------------------------------------------------------------------------------------

T_TOTAL=$(($(date +%s) - T_START))
commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then
    commit="$commit + uncommitted changes in src/"
fi
{
    echo "# mulin: a meeting with $MEETING_WATCHERS watchers, the topic list, the engine"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); mulin at $commit; the run took ${T_TOTAL} s" \
        "(data ${T_DATA} s); \`sh bench/meeting-run.sh\`"
    echo "- machine: nproc $(nproc), $(uname -sr), load average $LOADAVG at the start," \
        "$(cut -d' ' -f1-3 /proc/loadavg) at the end; server and clients share these cores"
    echo "- data: \`mulin init --demo${flag:+ $flag}\` into SQLite$([ "$USE_PG" = 1 ] && echo " and PostgreSQL $(psql --version | awk '{ print $3 }') (a throw-away cluster, tools/pg.sh)")"
    echo
    if [ -s "$TMP/topics" ]; then
        echo "## The hall's topic list, before and after"
        echo
        echo "\`GET /api/v1/halls/{id}/topics\` (德州五村's hall, 20 topics a page, signed in as worker)," \
            "\`wrk -t$THREADS -c$CONNS -d$DURATION --latency\` after a 2 s warm-up; before: \`$BEFORE_BIN\`," \
            "after: this commit. Pages 1, 2, 3, 50" \
            "and 501 are the same bytes from both binaries on each engine (compared with cmp)."
        echo
        echo "| engine | binary | req/s | p50 ms | p99 ms | CPU µs/req | SQL statements a request | bytes |"
        echo "|---|---|--:|--:|--:|--:|--:|--:|"
        awk '{ printf "| %s | %s | %.0f | %s | %s | %s | %s | %s |\n", $1 == "pg" ? "PostgreSQL" : "SQLite", $2, $3, $4, $5, $6, $7, $8 }' "$TMP/topics"
        echo
    fi
    echo "## A meeting with $MEETING_WATCHERS watchers"
    echo
    meeting_report
    echo
    echo "## The engine"
    echo
    echo "\`sh bench/procedure.sh\` (in process, no JSON, no database): $PROCEDURE."
    echo
    if [ -s "$TMP/problems" ]; then
        echo "Problems:"
        echo
        sed 's/^/- /' "$TMP/problems"
    else
        echo "Every command answered 200 and reached every watcher."
    fi
    for f in "$TMP"/meeting-*.log; do
        case $f in *.mulin.log) continue ;; esac
        [ -s "$f" ] || continue
        echo
        echo "libmicrohttpd's messages, $(basename "$f" .log):"
        echo
        sed 's/^ *\([0-9]*\) \(.*\)/- \1 × \2/' "$f" | head -n 3
    done
} >"$TMP/report.md"
mkdir -p "$(dirname "$OUT")"
cp "$TMP/report.md" "$OUT"
cat "$OUT"
if [ -s "$TMP/problems" ]; then
    echo "bench: FAILED: see Problems above" >&2
    exit 1
fi
