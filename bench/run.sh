#!/bin/sh
# mulin against nginx and Fossil, and mulin's live events under fan-out: `make bench` (or
# `sh bench/run.sh` after `make mulin`). One run, about 12 minutes:
#
# 1. Data: `mulin init --demo --large` (23 residential areas, 30,360 households, ~91,000
#    people) into SQLite and into a throw-away PostgreSQL cluster (tools/pg.sh); a Fossil
#    repository of comparable content (bench/fossil-repo.sh: 460 roster files, 3,000
#    check-ins).
# 2. Servers: mulin on SQLite and mulin on PostgreSQL, both signed in as `worker`; nginx
#    serving saved copies of the same pages (the ceiling); `fossil server` (2.21, Debian).
# 3. Load, wrk -t2 -c64 --latency: the home page, the node pages of 上钢新村街道 (23 children
#    with counts) and 德州五村 from each mulin and from nginx, and Fossil's /timeline?n=50
#    (anonymous). req/s, p50, p99, CPU µs per request, server RSS idle and peak.
# 4. SSE fan-out (bench/sse.sh, bench/sse_fanout.c): 10,000 idle subscribers to one node's
#    events, a role grant published 5 times through the API, time until every subscriber has
#    it; mulin's limits (4,000 connections, 400 an address) met and reported.
# 5. A meeting (bench/meeting.sh): 10,000 watchers of one meeting's events and commands at 10
#    a second, time from each command's acceptance to every watcher, RSS; the POST's own time
#    by the log's length; on SQLite and PostgreSQL. The engine in process (bench/procedure.sh).
# Prints a Markdown report (also written to bench/results/latest.md); fails on any non-2xx
# answer or socket error of mulin or nginx (Fossil's are noted), mulin closing keep-alive
# connections, or a published event that did not reach every subscriber.
#
# Environment: BENCH_DURATION (10s), BENCH_WARMUP (2s), BENCH_THREADS (2), BENCH_CONNECTIONS
# (64), MULIN_BIN (./mulin, copied before use), BENCH_OUT (bench/results/latest.md),
# BENCH_FOSSIL_COMMITS (3000), BENCH_SSE_CLIENTS (10000), BENCH_SSE_PUBLISHES (5),
# BENCH_VOTERS (10000), bench/meeting.sh's MEETING_WATCHERS (10000), MEETING_RATE (10),
# MEETING_COMMANDS (400), MEETING_LOG_COMMANDS (2000). `sh bench/meeting-run.sh` runs the meeting
# part alone (and the topic list before/after another binary).
set -eu

cd "$(dirname "$0")/.."
MULIN_BIN=${MULIN_BIN:-./mulin}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-64}
OUT=${BENCH_OUT:-bench/results/latest.md}
FOSSIL_COMMITS=${BENCH_FOSSIL_COMMITS:-3000}
SSE_CLIENTS=${BENCH_SSE_CLIENTS:-10000}
SSE_PUBLISHES=${BENCH_SSE_PUBLISHES:-5}
VOTE_VOTERS=${BENCH_VOTERS:-10000}

. bench/lib.sh
. bench/sse.sh
. bench/votes.sh
. bench/meeting.sh

PATH=$PATH:/usr/sbin:/sbin
TOOLS="wrk nginx curl fossil psql cc"
# `make bench` installs the bench set (tools/deps.sh bench): wrk, nginx, curl, fossil,
# postgresql.
for tool in $TOOLS; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        sh tools/deps.sh bench || die "cannot install the bench tools (tools/deps.sh bench)"
        break
    fi
done
for tool in $TOOLS; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing"
done
[ -x "$MULIN_BIN" ] || die "$MULIN_BIN is missing: run 'make mulin' first"
# 10,000 subscribers need as many descriptors in the client, 4,000 in mulin (dash and bash
# know ulimit -n).
# shellcheck disable=SC3045
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true
# shellcheck disable=SC3045
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $((SSE_CLIENTS + 100)) ] ||
    die "ulimit -n is $(ulimit -n): $SSE_CLIENTS SSE subscribers need $((SSE_CLIENTS + 100))"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mulin-bench.XXXXXX")
# PostgreSQL runs as its own user: its directory is not inside $TMP (mode 700).
PGDIR=""
SQ_PID=""
PG_PID=""
NGINX_PID=""
FOSSIL_PID=""
PGINIT_PID=""
WRK_PID=""
SAMPLER_PID=""
SSE_MULIN_PID=""
SSE_CLIENT_PID=""

# Stops what this script started (by pid), whatever way it ends.
cleanup() {
    status=$?
    trap - EXIT INT TERM HUP
    for pid in "$WRK_PID" "$SSE_CLIENT_PID" "$SAMPLER_PID" "$PGINIT_PID"; do
        if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
    done
    stop_pid "$SQ_PID"
    stop_pid "$PG_PID"
    stop_pid "$SSE_MULIN_PID"
    stop_pid "$NGINX_PID" QUIT
    stop_pid "$FOSSIL_PID"
    if [ -n "$PGDIR" ]; then sh tools/pg.sh stop "$PGDIR" || true; fi
    if [ "$status" -ne 0 ]; then
        for f in "$TMP"/*.log; do
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

# A later `make` may rewrite ./mulin: run a copy.
MULIN=$TMP/mulin
cp "$MULIN_BIN" "$MULIN"
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
if awk -v l="${LOADAVG%% *}" 'BEGIN { exit !(l >= 1) }'; then
    say "warning: load average $LOADAVG before the run: other work on this machine" \
        "lowers req/s; CPU µs/req is less affected"
fi
T_START=$(date +%s)

# ---- data ------------------------------------------------------------------------------------

say "building the data sets (SQLite, PostgreSQL, Fossil)..."
PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/mulin-bench-pg.XXXXXX")
sh tools/pg.sh start "$PGDIR" || die "cannot start PostgreSQL (tools/pg.sh)"
PGBASE=$(cat "$PGDIR/conninfo")
psql "$PGBASE dbname=postgres" -q -v ON_ERROR_STOP=1 -c 'CREATE DATABASE mulin_bench' >/dev/null ||
    die "cannot create the PostgreSQL database"
PGCONN="$PGBASE dbname=mulin_bench"
# PostgreSQL takes ~30 s for the large set: meanwhile, SQLite and Fossil.
t0=$(date +%s)
"$MULIN" init --demo --large --pg "$PGCONN" >"$TMP/init-pg.log" 2>&1 &
PGINIT_PID=$!
SQ_DB=$TMP/large.db
t1=$(date +%s)
"$MULIN" init --demo --large --db "$SQ_DB" >"$TMP/init-sqlite.log" 2>&1 ||
    die "mulin init --demo --large (SQLite) failed: $(tail -n 3 "$TMP/init-sqlite.log")"
T_INIT_SQ=$(($(date +%s) - t1))
t1=$(date +%s)
sh bench/fossil-repo.sh "$TMP/bench.fossil" "$FOSSIL_COMMITS" || die "cannot build the Fossil repository"
T_FOSSIL=$(($(date +%s) - t1))
wait "$PGINIT_PID" || die "mulin init --demo --large (PostgreSQL) failed: $(tail -n 3 "$TMP/init-pg.log")"
PGINIT_PID=""
T_INIT_PG=$(($(date +%s) - t0))

# ---- mulin, both engines -----------------------------------------------------------------------

SQ_PORT=$(free_port)
SQ_URL=http://127.0.0.1:$SQ_PORT
"$MULIN" serve --db "$SQ_DB" --listen "127.0.0.1:$SQ_PORT" 2>"$TMP/mulin-sqlite.log" &
SQ_PID=$!
PG_PORT=$(free_port)
PG_URL=http://127.0.0.1:$PG_PORT
"$MULIN" serve --pg "$PGCONN" --listen "127.0.0.1:$PG_PORT" 2>"$TMP/mulin-pg.log" &
PG_PID=$!
wait_up "$SQ_URL/login" "mulin (SQLite)" "$SQ_PID"
wait_up "$PG_URL/login" "mulin (PostgreSQL)" "$PG_PID"

SQ_TOKEN=$(login "$SQ_URL")
PG_TOKEN=$(login "$PG_URL")
# shellcheck disable=SC2046
set -- $(find_nodes "$SQ_URL" "$SQ_TOKEN")
SQ_SUB=$1
SQ_AREA=$2
# shellcheck disable=SC2046
set -- $(find_nodes "$PG_URL" "$PG_TOKEN")
PG_SUB=$1
PG_AREA=$2
# The large set's counts, as the subdistrict's children show them.
COUNTS=$(api "$SQ_URL" "$SQ_TOKEN" "/api/v1/nodes/$SQ_SUB/children" | tr '{' '\n' |
    awk '/"households":/ {
            h += substr($0, index($0, "\"households\":") + 13) + 0
            p += substr($0, index($0, "\"people\":") + 9) + 0; n++ }
         END { printf "%d areas, %d households, %d people", n, h, p }')
# A person of 德州五村 whom the worker may appoint, for the SSE part's role grants.
api "$SQ_URL" "$SQ_TOKEN" "/api/v1/nodes/$SQ_AREA/people" >"$TMP/people.json"
api "$PG_URL" "$PG_TOKEN" "/api/v1/nodes/$PG_AREA/people" >"$TMP/people-pg.json"

# The hall's pages: 德州五村's hall (its feed and topic list), the worker's own feed, the topic
# list as JSON, and one area-wide topic with its 10 opinions and a poll.
topic_of() { # ENGINE AREA: a topic of the area's own hall that was put to a vote
    q="SELECT t.id FROM topic t JOIN poll p ON p.topic_id = t.id WHERE t.hall_node_id = $2"
    q="$q AND p.question <> '$VOTE_QUESTION' ORDER BY t.id LIMIT 1"
    if [ "$1" = sqlite ]; then sqlite3 -cmd '.timeout 10000' "$SQ_DB" "$q"; else psql "$PGCONN" -qAt -c "$q"; fi
}
SQ_TOPIC=$(topic_of sqlite "$SQ_AREA")
PG_TOPIC=$(topic_of pg "$PG_AREA")
[ -n "$SQ_TOPIC" ] && [ -n "$PG_TOPIC" ] || die "no voted topic in 德州五村's hall (init --large)"

# page name | SQLite path | PostgreSQL path | file name of the static copy
cat >"$TMP/pages" <<EOF
home|/|/|home.html
subdistrict|/nodes/$SQ_SUB|/nodes/$PG_SUB|subdistrict.html
area|/nodes/$SQ_AREA|/nodes/$PG_AREA|area.html
hall|/halls/$SQ_AREA|/halls/$PG_AREA|hall.html
feed|/feed|/feed|feed.html
topics|/api/v1/halls/$SQ_AREA/topics|/api/v1/halls/$PG_AREA/topics|topics.json
topic|/topics/$SQ_TOPIC|/topics/$PG_TOPIC|topic.html
EOF

# check_page URL TOKEN PATH OUTFILE: a signed-in 200 page, kept alive.
check_page() {
    code=$(curl -s -H "Cookie: mulin_session=$2" -o "$4" -D "$4.headers" -w '%{http_code}' "$1$3")
    [ "$code" = 200 ] || die "GET $1$3 answered $code, not 200"
    # A signed-in page (it has the log-out form), not the login page; JSON is not a page.
    case $3 in
    /api/*) grep -q '^{' "$4" || die "GET $1$3 is not JSON" ;;
    *) grep -q 'action="/logout"' "$4" || die "GET $1$3 is not a signed-in page" ;;
    esac
    if grep -qi '^connection: *close' "$4.headers"; then
        die "mulin answers GET $1$3 with Connection: close"
    fi
    reuse=$(curl -s -H "Cookie: mulin_session=$2" -o /dev/null -o /dev/null \
        -w '%{num_connects} ' "$1$3" "$1$3")
    [ "$reuse" = "1 0 " ] || die "mulin does not keep GET $1$3's connection alive (connects: $reuse)"
}
mkdir -p "$TMP/www" "$TMP/pg-pages"
# Loops read files rather than pipes, so that `die` inside them ends the script.
while IFS='|' read -r name sqpath pgpath file; do
    check_page "$SQ_URL" "$SQ_TOKEN" "$sqpath" "$TMP/www/$file"
    check_page "$PG_URL" "$PG_TOKEN" "$pgpath" "$TMP/pg-pages/$file"
    rm -f "$TMP/www/$file.headers"
done <"$TMP/pages"
# The subdistrict page lists its 23 areas with their counts.
grep -q '德州五村' "$TMP/www/subdistrict.html" || die "the subdistrict page does not list 德州五村"

# PostgreSQL statements per page (each a round trip from mulin's thread): logged for one
# request of each page, then logging is off again for the load.
psql "$PGCONN" -q -c "ALTER SYSTEM SET log_statement = 'all'" -c 'SELECT pg_reload_conf()' >/dev/null
sleep 0.5
: >"$TMP/pg-statements"
while IFS='|' read -r name sqpath pgpath file; do
    before=$(wc -l <"$PGDIR/server.log")
    curl -s -o /dev/null -H "Cookie: mulin_session=$PG_TOKEN" "$PG_URL$pgpath"
    sleep 0.3
    tail -n +$((before + 1)) "$PGDIR/server.log" | grep -E 'LOG: +(statement|execute)' |
        sed 's/.*LOG: *//' >"$TMP/pg-statements-$name"
    echo "$name $(wc -l <"$TMP/pg-statements-$name")" >>"$TMP/pg-statements"
done <"$TMP/pages"
psql "$PGCONN" -q -c 'ALTER SYSTEM RESET log_statement' -c 'SELECT pg_reload_conf()' >/dev/null

# ---- nginx serving the copies ------------------------------------------------------------------

NPORT=$(free_port)
NURL=http://127.0.0.1:$NPORT
mkdir -p "$TMP/nginx"
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
cat >"$TMP/nginx.conf" <<EOF
$user_line
worker_processes auto;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 1024; }
http {
    types { text/html html; application/json json; }
    default_type text/html;
    charset utf-8;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path $TMP/nginx/client_body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    server {
        listen 127.0.0.1:$NPORT;
        root $TMP/www;
    }
}
EOF
nginx -p "$TMP/nginx" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" -g 'daemon off;' \
    2>"$TMP/nginx-stderr.log" &
NGINX_PID=$!
wait_up "$NURL/home.html" nginx "$NGINX_PID"
while IFS='|' read -r name sqpath pgpath file; do
    code=$(curl -s -o "$TMP/$file.nginx" -w '%{http_code}' "$NURL/$file")
    if [ "$code" != 200 ] || ! cmp -s "$TMP/$file.nginx" "$TMP/www/$file"; then
        die "nginx does not serve $file ($code)"
    fi
done <"$TMP/pages"

# ---- Fossil ------------------------------------------------------------------------------------

FPORT=$(free_port)
FURL="http://127.0.0.1:$FPORT/timeline?n=50"
fossil server --port "$FPORT" --localhost "$TMP/bench.fossil" >"$TMP/fossil.log" 2>&1 &
FOSSIL_PID=$!
wait_up "http://127.0.0.1:$FPORT/" fossil "$FOSSIL_PID"
code=$(curl -s -o "$TMP/timeline.html" -w '%{http_code}' "$FURL")
[ "$code" = 200 ] || die "Fossil answers /timeline?n=50 with $code"
# 50 check-ins, with links to each (the anonymous user may see the history).
entries=$(grep -o 'href="/info/[0-9a-f]*"' "$TMP/timeline.html" | sort -u | wc -l)
[ "$entries" -ge 50 ] || die "Fossil's timeline shows $entries check-ins, not 50 (capabilities?)"
grep -q '修订' "$TMP/timeline.html" || die "Fossil's timeline lacks the generated check-in comments"
FOSSIL_VERSION=$(fossil version | sed -n 's/.*version \([0-9.]*\).*/\1/p')

# ---- load --------------------------------------------------------------------------------------

NGINX_PIDS="$NGINX_PID $(ps -o pid= --ppid "$NGINX_PID" | tr -s ' \n' '  ')"
NGINX_WORKERS=$(($(echo "$NGINX_PIDS" | wc -w) - 1))
PG_POSTMASTER=$(head -n 1 "$PGDIR/data/postmaster.pid")
# The cluster: the postmaster and its children (mulin's backends among them).
pg_pids() {
    echo "$PG_POSTMASTER $(ps -o pid= --ppid "$PG_POSTMASTER" | tr -s ' \n' '  ')"
}
# Idle: after the sign-in and the checks, before any load.
SQ_IDLE_KB=$(mem_kb "$SQ_PID" VmRSS)
PG_IDLE_KB=$(mem_kb "$PG_PID" VmRSS)
SQ_LOGIN_HWM_KB=$(mem_kb "$SQ_PID" VmHWM)
# shellcheck disable=SC2086
NGINX_IDLE_KB=$(mem_sum VmRSS $NGINX_PIDS)
FOSSIL_IDLE_KB=$(mem_kb "$FOSSIL_PID" VmRSS)
# shellcheck disable=SC2046
PGSERVER_IDLE_KB=$(pss_sum $(pg_pids))

say "warm-up ($WARMUP per URL)..."
while IFS='|' read -r name sqpath pgpath file; do
    load "$WARMUP" "$SQ_URL$sqpath" -H "Cookie: mulin_session=$SQ_TOKEN"
    load "$WARMUP" "$PG_URL$pgpath" -H "Cookie: mulin_session=$PG_TOKEN"
    load "$WARMUP" "$NURL/$file"
done <"$TMP/pages"
load "$WARMUP" "$FURL"

: >"$TMP/results"
: >"$TMP/problems"
: >"$TMP/notes"
# Each page from mulin on SQLite, on PostgreSQL, then from nginx; then Fossil's timeline.
while IFS='|' read -r name sqpath pgpath file; do
    record "$name" sqlite "$SQ_URL$sqpath" "$SQ_PID" "" hwm -H "Cookie: mulin_session=$SQ_TOKEN"
    record "$name" pg "$PG_URL$pgpath" "$PG_PID" "$(pg_pids)" hwm -H "Cookie: mulin_session=$PG_TOKEN"
    record "$name" nginx "$NURL/$file" "$NGINX_PIDS" "" hwm
done <"$TMP/pages"
record timeline fossil "$FURL" "$FOSSIL_PID" "" sample

kill -0 "$SQ_PID" 2>/dev/null || die "mulin (SQLite) died during the run"
kill -0 "$PG_PID" 2>/dev/null || die "mulin (PostgreSQL) died during the run"
SQ_AFTER_KB=$(mem_kb "$SQ_PID" VmRSS)
PG_AFTER_KB=$(mem_kb "$PG_PID" VmRSS)
# shellcheck disable=SC2046
PGSERVER_AFTER_KB=$(pss_sum $(pg_pids))
# mulin's own logs: every GET answered with another status than 200, and what libmicrohttpd
# itself reported (lines "http: ...").
for engine in sqlite pg; do
    bad=$(awk '$3 == "GET" && $5 != "200"' "$TMP/mulin-$engine.log" | wc -l)
    [ "$bad" -eq 0 ] ||
        echo "mulin ($engine)'s log: $bad GET requests answered with another status than 200" >>"$TMP/problems"
done
MHD_LOG=$(cat "$TMP/mulin-sqlite.log" "$TMP/mulin-pg.log" | grep -c '^[^ ]* http: ' || true)

# ---- poll vote burst ---------------------------------------------------------------------------

votes_build
votes_run sqlite "$SQ_URL"
votes_run pg "$PG_URL"

# The page servers are done: stop them before the SSE parts, which have the machine to
# themselves.
stop_pid "$SQ_PID"
SQ_PID=""
stop_pid "$PG_PID"
PG_PID=""
stop_pid "$NGINX_PID" QUIT
NGINX_PID=""
stop_pid "$FOSSIL_PID"
FOSSIL_PID=""

# ---- a meeting with 10,000 watchers (bench/meeting.sh), both engines; the engine in process ----

sse_build
meeting_all sqlite pg
meeting_same_people "$TMP/people.json" "$TMP/people-pg.json"
sh tools/pg.sh stop "$PGDIR" || true
PGDIR=""
PROCEDURE=$(MULIN_BIN=$MULIN sh bench/procedure.sh)

# ---- SSE fan-out -------------------------------------------------------------------------------

# The role grants publish event `roles` on the node's channel.
SSE_PERSON=$(sed -n 's/.*"people":\[{"id":\([0-9]*\).*/\1/p' "$TMP/people.json" 2>/dev/null || true)
[ -n "$SSE_PERSON" ] || die "no person found in 德州五村 for the role grants"
sse_all

# ---- report ------------------------------------------------------------------------------------

T_TOTAL=$(($(date +%s) - T_START))
size() { wc -c <"$1" | tr -d ' '; }
commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then
    commit="$commit + uncommitted changes in src/"
fi
# The value of column $3 (3: req/s, 4: p50, 5: p99, 7: CPU, 8: extra CPU, 9: peak kB) of page
# $1 on server $2.
val() {
    awk -v p="$1" -v s="$2" -v c="$3" '$1 == p && $2 == s { print $c }' "$TMP/results"
}
FOSSIL_RPS=$(val timeline fossil 3)
server_name() {
    case "$1" in
    sqlite) echo "mulin, SQLite" ;;
    pg) echo "mulin, PostgreSQL" ;;
    nginx) echo "nginx (static copy)" ;;
    fossil) echo "Fossil $FOSSIL_VERSION" ;;
    esac
}
row() { # page server bytes
    awk -v page="$1" -v srv="$2" -v name="$(server_name "$2")" -v bytes="$3" -v frps="$FOSSIL_RPS" '
        $1 == page && $2 == "nginx" { nrps = $3 }
        $1 == page && $2 == srv { split($0, a, " ") }
        END {
            cpu = a[7]; if (a[8] > 0) cpu = cpu " (+" a[8] " PostgreSQL)";
            rn = ""; rf = "";
            if (srv == "sqlite" || srv == "pg") { rn = sprintf("%.2f", a[3] / nrps); rf = sprintf("%.0f", a[3] / frps) }
            printf "| %s | %s | %s | %.0f | %s | %s | %s | %.1f MB | %s | %s |\n",
                page, name, bytes, a[3], a[4], a[5], cpu, a[9] / 1024, rn, rf }' "$TMP/results"
}
# The worst of column $2 over mulin's pages on engine $1 (max, or min with $3 = min).
worst() {
    awk -v s="$1" -v c="$2" -v how="${3:-max}" '$2 == s {
        v = $c + 0; if (!n++ || (how == "max" ? v > w : v < w)) w = v }
        END { print w }' "$TMP/results"
}
ratio_min() { # engine, other (nginx|fossil): the lowest mulin/other req/s over the node pages
    awk -v s="$1" -v o="$2" '
        { rps[$1 " " $2] = $3 }
        END {
            for (i = 1; i <= 2; i++) {
                p = i == 1 ? "subdistrict" : "area";
                d = o == "nginx" ? rps[p " nginx"] : rps["timeline fossil"];
                r = rps[p " " s] / d; if (i == 1 || r < m) m = r }
            printf "%.2f", m }' "$TMP/results"
}
met() { # value op limit
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { ok = op == ">=" ? v >= l : v < l; print ok ? "met" : "**missed**" }'
}
sse_worst() { # key (p99_ms, max_ms) over the scenarios with subscribers
    for name in $SSE_SCENARIOS; do cat "$TMP/sse-$name.out"; done |
        awk -v k="$1" '$1 == "publish" { for (i = 3; i < NF; i += 2) if ($i == k && $(i + 1) > w) w = $(i + 1) }
            END { printf "%.1f", w }'
}
sse_rss_max() {
    for name in $SSE_SCENARIOS; do sse_get "$name" rss_kb; done | sort -n | tail -n 1
}

mkdir -p "$(dirname "$OUT")"
{
    echo "# mulin vs nginx and Fossil"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); mulin at $commit; the whole run took ${T_TOTAL} s"
    echo "- machine: nproc $(nproc), $(uname -sr), load average $LOADAVG at the start;" \
        "the server and wrk share these cores"
    echo "- data: \`mulin init --demo --large\` (the subdistrict page lists $COUNTS)," \
        "${T_INIT_SQ} s into SQLite; ${T_INIT_PG} s into PostgreSQL $(psql --version | awk '{ print $3 }')" \
        "(a throw-away cluster, tools/pg.sh, shared_buffers at its default)"
    echo "- Fossil: a repository of $FOSSIL_COMMITS check-ins over 460 generated roster files" \
        "(bench/fossil-repo.sh, \`fossil import --git\`, ${T_FOSSIL} s), served by" \
        "\`fossil server\` (a process per connection, \`Connection: close\`); anonymous visitors" \
        "(\`nobody\`) have the capabilities ghjorz; page \`/timeline?n=50\`"
    echo "- load: \`wrk -t$THREADS -c$CONNS -d$DURATION --timeout 10s --latency [-H 'Cookie: mulin_session=…'] URL\`," \
        "after a $WARMUP warm-up of every URL; each page from mulin on SQLite, mulin on PostgreSQL," \
        "then nginx; then Fossil"
    echo "- mulin: signed in as \`worker\`: / (home), /nodes/$SQ_SUB 上钢新村街道 (subdistrict)," \
        "/nodes/$SQ_AREA 德州五村 (area); the hall: /halls/$SQ_AREA (德州五村's hall: its feed and" \
        "topic list), /feed (the worker's own feed), /api/v1/halls/$SQ_AREA/topics (the topic" \
        "list as JSON), /topics/$SQ_TOPIC (an area-wide topic with its opinions and a poll); the" \
        "hall holds $(votes_sql sqlite 'SELECT count(*) FROM topic') topics," \
        "$(votes_sql sqlite 'SELECT count(*) FROM opinion') opinions and" \
        "$(votes_sql sqlite 'SELECT count(*) FROM poll') polls"
    echo "- nginx: $(nginx -v 2>&1 | sed 's/^nginx version: //'), the SQLite mulin's pages saved by curl," \
        "\`worker_processes auto\` ($NGINX_WORKERS workers), \`access_log off\`, \`sendfile on\`," \
        "\`keepalive_requests 1000000\`"
    echo "- CPU µs/req: the server's user + system CPU time during the run over the requests served" \
        "(steadier than req/s when something else runs on the machine); for PostgreSQL, the" \
        "cluster's own CPU is added in brackets; for Fossil, that of its per-connection children"
    echo "- peak RSS: the server's VmHWM during that run (reset before it; nginx: master + workers);" \
        "Fossil: its processes' summed RSS sampled every 0.2 s"
    echo
    echo "| page | server | bytes | req/s | p50 ms | p99 ms | CPU µs/req | peak RSS | mulin/nginx | mulin/Fossil |"
    echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|"
    while IFS='|' read -r name sqpath pgpath file; do
        row "$name" sqlite "$(size "$TMP/www/$file")"
        row "$name" pg "$(size "$TMP/pg-pages/$file")"
        row "$name" nginx "$(size "$TMP/www/$file")"
    done <"$TMP/pages"
    row timeline fossil "$(size "$TMP/timeline.html")"
    echo
    echo "| memory | idle | peak under load | after the load |"
    echo "|---|--:|--:|--:|"
    echo "| mulin, SQLite (VmRSS; peak: VmHWM over the page runs) | $(mb "$SQ_IDLE_KB") |" \
        "$(mb "$(worst sqlite 9)") | $(mb "$SQ_AFTER_KB") |"
    echo "| mulin, PostgreSQL (the mulin process) | $(mb "$PG_IDLE_KB") | $(mb "$(worst pg 9)") |" \
        "$(mb "$PG_AFTER_KB") |"
    echo "| PostgreSQL cluster (PSS of all its processes) | $(mb "$PGSERVER_IDLE_KB") | |" \
        "$(mb "$PGSERVER_AFTER_KB") |"
    echo "| nginx (master + $NGINX_WORKERS workers) | $(mb "$NGINX_IDLE_KB") | $(mb "$(worst nginx 9)") | |"
    echo "| Fossil (server + children) | $(mb "$FOSSIL_IDLE_KB") | $(mb "$(worst fossil 9)") | |"
    echo
    echo "mulin's peak before the load, with the sign-in's Argon2id (64 MiB): $(mb "$SQ_LOGIN_HWM_KB")."
    echo
    # shellcheck disable=SC2016
    echo "SQL statements mulin sends PostgreSQL per page (one request each, \`log_statement = all\`):" \
        "$(awk '{ printf "%s%s %s", n++ ? ", " : "", $1, $2 }' "$TMP/pg-statements");" \
        "the most repeated on the home page: $(sed 's/^execute [^:]*: //' "$TMP/pg-statements-home" |
            sort | uniq -c | sort -rn | head -n 1 | sed 's/^ *\([0-9]*\) \(.*\)/\1 × `\2`/')."
    echo "The mulin/Fossil ratio compares req/s of pages of different sizes: Fossil's timeline" \
        "is $(size "$TMP/timeline.html") bytes, mulin's node pages" \
        "$(size "$TMP/www/area.html")–$(size "$TMP/www/subdistrict.html")."
    echo
    if [ -s "$TMP/problems" ]; then
        echo "Problems:"
        echo
        sed 's/^/- /' "$TMP/problems"
    else
        echo "No non-2xx answers, no socket errors; mulin keeps connections alive" \
            "(no \`Connection: close\`, a second request reuses the connection)."
    fi
    if [ -s "$TMP/notes" ]; then
        echo
        echo "Fossil (does not fail the run):"
        echo
        sed 's/^/- /' "$TMP/notes"
    fi
    if [ "$MHD_LOG" -gt 0 ]; then
        echo
        echo "libmicrohttpd logged $MHD_LOG messages during the page runs, e.g.:"
        echo
        cat "$TMP/mulin-sqlite.log" "$TMP/mulin-pg.log" | grep '^[^ ]* http: ' | cut -d' ' -f3- |
            sort | uniq -c | sort -rn | head -n 5 | sed 's/^ */- /'
    fi
    echo
    echo "## SSE fan-out"
    echo
    echo "mulin on the large SQLite set, subscribers to \`GET /api/v1/nodes/$SQ_AREA/events\`" \
        "(德州五村, signed in as worker) held idle by bench/sse_fanout.c (one thread, epoll," \
        "non-blocking sockets bound to loopback addresses 127.0.0.x, at most 1,000 connects" \
        "under way); then $SSE_PUBLISHES role changes \`POST /api/v1/nodes/$SQ_AREA/roles[/revoke]\`" \
        "(person $SSE_PERSON, director) on a keep-alive connection opened before the subscribers;" \
        "times from the POST's first byte to each subscriber's reading of \`event: roles\`." \
        "mulin's limits: $(sed -n 's/.*SERVER_MAX_CONNECTIONS = \([0-9]*\).*/\1/p' src/http/server.h)" \
        "connections in all, $(sed -n 's/.*SERVER_PER_IP_CONNECTIONS = \([0-9]*\).*/\1/p' src/http/server.h)" \
        "an address (src/http/server.h). A fresh mulin for each scenario."
    echo
    # shellcheck disable=SC2086
    sse_report $SSE_SCENARIOS
    echo
    echo "Per subscriber: (RSS with all connected − RSS before) / connected. Stop: seconds" \
        "from SIGTERM to mulin's exit after the client left. Refused: closed by mulin without" \
        "an answer; not answered: TCP connected (or SYN queued) but no answer within 3 s."
    for name in $SSE_SCENARIOS; do
        if [ -s "$TMP/sse-$name.log" ]; then
            echo
            echo "libmicrohttpd's messages, $(sse_title "$name"):"
            echo
            sed 's/^ *\([0-9]*\) \(.*\)/- \1 × \2/' "$TMP/sse-$name.log" | head -n 3
        fi
    done
    echo
    echo "## A meeting with $MEETING_WATCHERS watchers"
    echo
    meeting_report
    echo
    echo "The engine in process (\`sh bench/procedure.sh\`: no JSON, no database): $PROCEDURE."
    echo
    echo "## Poll vote burst"
    echo
    echo "$VOTE_VOTERS distinct voters (\`mulin session issue\`, a third from each of the first" \
        "three areas), each voting once in their area's open poll (\`POST /api/v1/polls/{id}/votes\`," \
        "bearer token) over $CONNS keep-alive connections (bench/vote_burst.c, a thread each)," \
        "as fast as the server answers; then the votes counted again in the database and through" \
        "\`GET /api/v1/polls/{id}\`. Every vote is its own write transaction (SQLite:" \
        "\`synchronous=FULL\`, an fsync per commit)."
    echo
    votes_report
    echo
    echo "## Targets"
    echo
    echo "| target | mulin, SQLite | mulin, PostgreSQL |"
    echo "|---|---|---|"
    n_sqlite=$(ratio_min sqlite nginx)
    n_pg=$(ratio_min pg nginx)
    f_sqlite=$(ratio_min sqlite fossil)
    f_pg=$(ratio_min pg fossil)
    p_sqlite=$(worst sqlite 5)
    p_pg=$(worst pg 5)
    echo "| node pages ≥ 0.5× nginx req/s (lowest of the two) | $n_sqlite× $(met "$n_sqlite" '>=' 0.5) |" \
        "$n_pg× $(met "$n_pg" '>=' 0.5) |"
    echo "| node pages ≥ 5× Fossil's timeline req/s (lowest) | $f_sqlite× $(met "$f_sqlite" '>=' 5) |" \
        "$f_pg× $(met "$f_pg" '>=' 5) |"
    echo "| p99 < 10 ms at $CONNS connections (worst page) | $p_sqlite ms $(met "$p_sqlite" '<' 10) |" \
        "$p_pg ms $(met "$p_pg" '<' 10) |"
    t_sqlite=$(val topic sqlite 5)
    t_pg=$(val topic pg 5)
    echo "| topic page p99 < 10 ms | $t_sqlite ms $(met "$t_sqlite" '<' 10) | $t_pg ms $(met "$t_pg" '<' 10) |"
    echo "| idle RSS < 20 MB | $(mb "$SQ_IDLE_KB") $(met "$SQ_IDLE_KB" '<' 20480) |" \
        "$(mb "$PG_IDLE_KB") $(met "$PG_IDLE_KB" '<' 20480) |"
    v_sq=$(votes_get sqlite votes_per_s)
    v_pg=$(votes_get pg votes_per_s)
    echo "| poll vote burst ≥ 2,000 votes/s | ${v_sq:-?} $(met "${v_sq:-0}" '>=' 2000) |" \
        "${v_pg:-?} $(met "${v_pg:-0}" '>=' 2000) |"
    sp99=$(sse_worst p99_ms)
    srss=$(sse_rss_max)
    echo "| SSE p99 < 100 ms (worst publish of all scenarios) | $sp99 ms $(met "$sp99" '<' 100) | |"
    echo "| SSE RSS < 100 MB with all connected (largest) | $(mb "$srss") $(met "$srss" '<' 102400) | |"
    for engine in sqlite pg; do
        eval "m_$engine=\$(meeting_pct meeting-$engine-watch 16 99)"
        eval "r_$engine=\$(meeting_get meeting-$engine-watch rss_max_kb)"
    done
    # shellcheck disable=SC2154 # set by the eval above
    echo "| meeting, $MEETING_WATCHERS watchers: p99 (over commands) < 100 ms from acceptance to every watcher |" \
        "$m_sqlite ms $(met "$m_sqlite" '<' 100) | $m_pg ms $(met "$m_pg" '<' 100) |"
    # shellcheck disable=SC2154
    echo "| meeting, $MEETING_WATCHERS watchers: mulin RSS < 100 MB (largest sampled) |" \
        "$(mb "$r_sqlite") $(met "$r_sqlite" '<' 102400) | $(mb "$r_pg") $(met "$r_pg" '<' 102400) |"
    pe=$(echo "$PROCEDURE" | sed -n 's/.* \([0-9]*\) commands\/s.*/\1/p')
    echo "| engine > 1,000,000 commands/s in process | $pe $(met "${pe:-0}" '>=' 1000000) | |"
    echo "| SSE: $SSE_CLIENTS subscribers | $(for name in $SSE_SCENARIOS; do sse_get "$name" open; done |
        sort -n | tail -n 1) connected at most $(met "$(for name in $SSE_SCENARIOS; do sse_get "$name" open; done |
            sort -n | tail -n 1)" '>=' "$SSE_CLIENTS") | |"
} >"$TMP/report.md"
cp "$TMP/report.md" "$OUT"
cat "$OUT"
if [ -s "$TMP/problems" ]; then
    echo "bench: FAILED: see Problems above" >&2
    exit 1
fi
