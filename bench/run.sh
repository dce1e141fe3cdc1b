#!/bin/sh
# mulin against nginx on the same pages: `make bench` (or `sh bench/run.sh` after `make mulin`).
#
# Starts ./mulin on a fresh demo database, signs in as `worker`, saves the signed-in home page
# and the node pages of 上钢新村街道 (the subdistrict) and 德州五村 (a filled area), serves those
# copies as static files from an nginx of our own, and loads each page from each server in
# turn with wrk. Prints a Markdown table (also written to bench/results/latest.md) and fails on
# any non-2xx answer, socket error or a server closing keep-alive connections.
#
# Environment: BENCH_DURATION (default 10s), BENCH_WARMUP (2s), BENCH_THREADS (2),
# BENCH_CONNECTIONS (64), MULIN_BIN (./mulin), BENCH_OUT (bench/results/latest.md).
set -eu

cd "$(dirname "$0")/.."
MULIN_BIN=${MULIN_BIN:-./mulin}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-64}
OUT=${BENCH_OUT:-bench/results/latest.md}

die() {
    echo "bench: $*" >&2
    exit 1
}

PATH=$PATH:/usr/sbin:/sbin
# `make bench` installs only the build set; the bench set adds wrk, nginx and curl.
for tool in wrk nginx curl; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        sh tools/deps.sh bench || die "cannot install the bench tools (tools/deps.sh bench)"
        break
    fi
done
for tool in wrk nginx curl; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing"
done
[ -x "$MULIN_BIN" ] || die "$MULIN_BIN is missing: run 'make mulin' first"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mulin-bench.XXXXXX")
MULIN_PID=""
NGINX_PID=""
WRK_PID=""

# Stops what this script started (by pid), whatever way it ends.
cleanup() {
    status=$?
    trap - EXIT INT TERM HUP
    if [ -n "$WRK_PID" ]; then
        kill "$WRK_PID" 2>/dev/null || true
    fi
    if [ -n "$MULIN_PID" ] && kill -0 "$MULIN_PID" 2>/dev/null; then
        kill "$MULIN_PID" 2>/dev/null || true
        i=0
        while kill -0 "$MULIN_PID" 2>/dev/null && [ $i -lt 100 ]; do
            sleep 0.1
            i=$((i + 1))
        done
        kill -9 "$MULIN_PID" 2>/dev/null || true
    fi
    if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -QUIT "$NGINX_PID" 2>/dev/null || true
        i=0
        while kill -0 "$NGINX_PID" 2>/dev/null && [ $i -lt 50 ]; do
            sleep 0.1
            i=$((i + 1))
        done
        kill -9 "$NGINX_PID" 2>/dev/null || true
    fi
    if [ "$status" -ne 0 ] && [ -s "$TMP/mulin.log" ]; then
        echo "bench: last lines of mulin's log:" >&2
        tail -n 5 "$TMP/mulin.log" >&2
    fi
    for f in "$TMP/nginx-error.log" "$TMP/nginx-stderr.log"; do
        if [ "$status" -ne 0 ] && [ -s "$f" ]; then
            echo "bench: $(basename "$f"):" >&2
            tail -n 5 "$f" >&2
        fi
    done
    rm -rf "$TMP"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# A TCP port no local socket uses (from /proc/net/tcp*).
free_port() {
    n=0
    while [ $n -lt 200 ]; do
        p=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
        hex=$(printf ':%04X ' "$p")
        if ! cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '{ print $2 " " }' | grep -q "$hex"; then
            echo "$p"
            return 0
        fi
        n=$((n + 1))
    done
    die "no free port found"
}

# Waits until URL answers at all (any status).
wait_up() {
    i=0
    while ! curl -s -o /dev/null "$1"; do
        i=$((i + 1))
        [ $i -lt 100 ] || die "$2 did not start on $1"
        kill -0 "$3" 2>/dev/null || die "$2 exited at start"
        sleep 0.1
    done
}

# kB of a /proc/PID/status field (VmRSS, VmHWM).
mem_kb() {
    awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

# "12.3 MB" from kB.
mb() {
    awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'
}

# A wrk latency ("812.00us", "1.20ms", "1.01s", "2.00m") in milliseconds.
to_ms() {
    echo "$1" | awk '{
        v = $1; u = v; sub(/^[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
        if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000;
        printf "%.2f", v }'
}

# ---- mulin on a fresh demo database -------------------------------------------------------

"$MULIN_BIN" init --demo --db "$TMP/b.db" >/dev/null || die "mulin init --demo failed"
MPORT=$(free_port)
MURL=http://127.0.0.1:$MPORT
"$MULIN_BIN" serve --db "$TMP/b.db" --listen "127.0.0.1:$MPORT" 2>"$TMP/mulin.log" &
MULIN_PID=$!
wait_up "$MURL/login" mulin "$MULIN_PID"

login=$(curl -s -H 'Content-Type: application/json' \
    -d '{"login":"worker","password":"mulin-demo"}' "$MURL/api/v1/session")
TOKEN=$(printf '%s' "$login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$TOKEN" ] || die "cannot log in as worker: $login"
COOKIE="Cookie: mulin_session=$TOKEN"

# The id of the node called $2 in the JSON list $1 (compact JSON, one object per node).
node_id() {
    printf '%s' "$1" | tr '{' '\n' | grep -F "\"name\":\"$2\"" | sed -n 's/.*"id":\([0-9]*\).*/\1/p' |
        head -n 1
}
api() {
    curl -s -f -H "$COOKIE" "$MURL$1" || die "GET $1 failed"
}
roots=$(api /api/v1/nodes)
SUB=""
for root in $(printf '%s' "$roots" | tr '{' '\n' | sed -n 's/.*"id":\([0-9]*\).*/\1/p'); do
    SUB=$(node_id "$(api "/api/v1/nodes/$root/children")" 上钢新村街道)
    [ -n "$SUB" ] && break
done
[ -n "$SUB" ] || die "no node 上钢新村街道 under the roots: $roots"
AREA=$(node_id "$(api "/api/v1/nodes/$SUB/children")" 德州五村)
[ -n "$AREA" ] || die "no node 德州五村 under 上钢新村街道 ($SUB)"

# page name | mulin path | file name of the static copy
PAGES="home|/|home.html
subdistrict|/nodes/$SUB|subdistrict.html
area|/nodes/$AREA|area.html"
# Loops read this file rather than a pipe, so that `die` inside them ends the script.
echo "$PAGES" >"$TMP/pages"

mkdir -p "$TMP/www"
while IFS='|' read -r name path file; do
    code=$(curl -s -H "$COOKIE" -o "$TMP/www/$file" -D "$TMP/$file.headers" \
        -w '%{http_code}' "$MURL$path")
    [ "$code" = 200 ] || die "GET $path answered $code, not 200"
    # The copy must be a signed-in page (it has the log-out form), not the login page.
    grep -q 'action="/logout"' "$TMP/www/$file" || die "GET $path is not a signed-in page"
    # Keep-alive: no Connection: close, and a second request reuses the connection.
    if grep -qi '^connection: *close' "$TMP/$file.headers"; then
        die "mulin answers GET $path with Connection: close"
    fi
    reuse=$(curl -s -H "$COOKIE" -o /dev/null -o /dev/null -w '%{num_connects} ' \
        "$MURL$path" "$MURL$path")
    [ "$reuse" = "1 0 " ] || die "mulin does not keep GET $path's connection alive (connects: $reuse)"
done <"$TMP/pages"

# ---- nginx serving the copies ----------------------------------------------------------------

NPORT=$(free_port)
[ "$NPORT" != "$MPORT" ] || NPORT=$(free_port)
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
    types { text/html html; }
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
while IFS='|' read -r name path file; do
    code=$(curl -s -o "$TMP/$file.nginx" -w '%{http_code}' "$NURL/$file")
    [ "$code" = 200 ] && cmp -s "$TMP/$file.nginx" "$TMP/www/$file" ||
        die "nginx does not serve $file ($code)"
done <"$TMP/pages"

# ---- load ------------------------------------------------------------------------------------

NGINX_PIDS="$NGINX_PID $(ps -o pid= --ppid "$NGINX_PID" | tr -s ' \n' '  ')"
NGINX_WORKERS=$(($(echo $NGINX_PIDS | wc -w) - 1))
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
if awk -v l="${LOADAVG%% *}" 'BEGIN { exit !(l >= 1) }'; then
    echo "bench: warning: load average $LOADAVG before the run: other work on this machine" \
        "lowers req/s; CPU µs/req is less affected" >&2
fi
MULIN_IDLE_KB=$(mem_kb "$MULIN_PID" VmRSS)
# The login hashed a password (Argon2id, 64 MiB): note that peak, then reset VmHWM (Linux
# clear_refs 5) so that the peak after the load is the load's own.
MULIN_LOGIN_HWM_KB=$(mem_kb "$MULIN_PID" VmHWM)
HWM_RESET=no
if (echo 5 >"/proc/$MULIN_PID/clear_refs") 2>/dev/null; then
    HWM_RESET=yes
fi

# Runs wrk on URL with optional extra arguments; writes its output to $TMP/wrk.out.
load() {
    d=$1
    url=$2
    shift 2
    # In the background, so that a signal to this script stops the run at once.
    wrk -t"$THREADS" -c"$CONNS" -d"$d" --latency "$@" "$url" >"$TMP/wrk.out" 2>&1 &
    WRK_PID=$!
    wait "$WRK_PID" || die "wrk failed on $url: $(cat "$TMP/wrk.out")"
    WRK_PID=""
}

# CPU time (user + system, clock ticks) used so far by the processes with the given pids.
cpu_ticks() {
    t=0
    for pid in "$@"; do
        t=$((t + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
    done
    echo "$t"
}
HZ=$(getconf CLK_TCK)

# Warm-up: every page from both servers, not recorded.
while IFS='|' read -r name path file; do
    load "$WARMUP" "$MURL$path" -H "$COOKIE"
    load "$WARMUP" "$NURL/$file"
done <"$TMP/pages"

: >"$TMP/results"
: >"$TMP/problems"
# Loads one page from one server and appends "page server req/s p50 p99 requests cpu-us/req".
record() { # page server url pids [wrk args...]
    page=$1
    server=$2
    url=$3
    pids=$4
    shift 4
    echo "bench: $page on $server ($DURATION)..." >&2
    # shellcheck disable=SC2086
    c0=$(cpu_ticks $pids)
    load "$DURATION" "$url" "$@"
    # shellcheck disable=SC2086
    c1=$(cpu_ticks $pids)
    cp "$TMP/wrk.out" "$TMP/wrk-$page-$server.out"
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$TMP/wrk.out")
    p50=$(awk '$1 == "50%" { print $2 }' "$TMP/wrk.out")
    p99=$(awk '$1 == "99%" { print $2 }' "$TMP/wrk.out")
    total=$(awk '/requests in/ { print $1 }' "$TMP/wrk.out")
    if [ -z "$rps" ] || [ -z "$p50" ] || [ -z "$p99" ] || [ -z "$total" ]; then
        die "cannot read wrk's output: $(cat "$TMP/wrk.out")"
    fi
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$TMP/wrk.out")
    sockerr=$(grep 'Socket errors:' "$TMP/wrk.out" || true)
    [ -z "$non2xx" ] || echo "$page on $server: $non2xx non-2xx/3xx responses of $total" >>"$TMP/problems"
    [ -z "$sockerr" ] || echo "$page on $server:$(echo "$sockerr" | sed 's/^ *Socket errors://')" >>"$TMP/problems"
    us=$(awk -v c=$((c1 - c0)) -v hz="$HZ" -v n="$total" 'BEGIN { printf "%.0f", n ? c * 1e6 / hz / n : 0 }')
    echo "$page $server $rps $(to_ms "$p50") $(to_ms "$p99") $total $us" >>"$TMP/results"
}

# Each page from mulin, then the same page from nginx.
while IFS='|' read -r name path file; do
    record "$name" mulin "$MURL$path" "$MULIN_PID" -H "$COOKIE"
    record "$name" nginx "$NURL/$file" "$NGINX_PIDS"
done <"$TMP/pages"

kill -0 "$MULIN_PID" 2>/dev/null || die "mulin died during the run"
MULIN_HWM_KB=$(mem_kb "$MULIN_PID" VmHWM)
MULIN_RSS_KB=$(mem_kb "$MULIN_PID" VmRSS)
# nginx: the master plus its workers.
NGINX_RSS_KB=0
NGINX_HWM_KB=0
for pid in $NGINX_PIDS; do
    NGINX_RSS_KB=$((NGINX_RSS_KB + $(mem_kb "$pid" VmRSS)))
    NGINX_HWM_KB=$((NGINX_HWM_KB + $(mem_kb "$pid" VmHWM)))
done
# mulin's own log: every GET it answered with another status than 200, and what
# libmicrohttpd itself reported (lines "http: ...").
BAD_LOG=$(awk '$3 == "GET" && $5 != "200"' "$TMP/mulin.log" | wc -l)
[ "$BAD_LOG" -eq 0 ] || echo "mulin's log: $BAD_LOG GET requests answered with another status than 200" >>"$TMP/problems"
MHD_LOG=$(grep -c '^[^ ]* http: ' "$TMP/mulin.log" || true)

# ---- report ----------------------------------------------------------------------------------

size() { wc -c <"$TMP/www/$1" | tr -d ' '; }
commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
if [ -n "$(git status --porcelain -- src 2>/dev/null)" ]; then
    commit="$commit + uncommitted changes in src/"
fi
mkdir -p "$(dirname "$OUT")"
{
    echo "# mulin vs nginx"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); mulin at $commit"
    echo "- machine: nproc $(nproc), $(uname -sr), load average $LOADAVG at the start;" \
        "mulin (or nginx) and wrk share these cores"
    echo "- load: \`wrk -t$THREADS -c$CONNS -d$DURATION --latency [-H 'Cookie: mulin_session=…'] URL\`," \
        "after a $WARMUP warm-up of every URL; each page from mulin, then from nginx"
    echo "- mulin: \`$MULIN_BIN serve\` on a fresh \`init --demo\` database, signed in as \`worker\`" \
        "(pages /, /nodes/$SUB 上钢新村街道, /nodes/$AREA 德州五村)"
    echo "- nginx: $(nginx -v 2>&1 | sed 's/^nginx version: //'), the same pages saved by curl as static files," \
        "\`worker_processes auto\` ($NGINX_WORKERS workers), \`access_log off\`, \`sendfile on\`," \
        "\`keepalive_requests 1000000\`"
    echo "- CPU µs/req: the server's user + system CPU time during the run over the requests served" \
        "(steadier than req/s when something else runs on the machine)"
    echo
    echo "| page | bytes | server | req/s | p50 ms | p99 ms | CPU µs/req | mulin/nginx req/s |"
    echo "|---|--:|---|--:|--:|--:|--:|--:|"
    while IFS='|' read -r name path file; do
        awk -v page="$name" -v bytes="$(size "$file")" '
            $1 == page && $2 == "mulin" { split($0, a, " ") }
            $1 == page && $2 == "nginx" { split($0, b, " ") }
            END {
                printf "| %s | %s | mulin | %.0f | %s | %s | %s | %.2f |\n", page, bytes, a[3], a[4], a[5], a[7], a[3] / b[3];
                printf "| %s | %s | nginx | %.0f | %s | %s | %s | |\n", page, bytes, b[3], b[4], b[5], b[7];
            }' "$TMP/results"
    done <"$TMP/pages"
    echo
    echo "| memory | RSS |"
    echo "|---|--:|"
    echo "| mulin idle, signed in (VmRSS before the load) | $(mb "$MULIN_IDLE_KB") |"
    echo "| mulin peak before the load (VmHWM; the login's Argon2id takes 64 MiB) | $(mb "$MULIN_LOGIN_HWM_KB") |"
    if [ "$HWM_RESET" = yes ]; then
        echo "| mulin peak during the load (VmHWM, reset before it) | $(mb "$MULIN_HWM_KB") |"
    else
        echo "| mulin peak (VmHWM; could not be reset, so it includes the login) | $(mb "$MULIN_HWM_KB") |"
    fi
    echo "| mulin after the load (VmRSS) | $(mb "$MULIN_RSS_KB") |"
    echo "| nginx after the load (VmRSS, master + $NGINX_WORKERS workers) | $(mb "$NGINX_RSS_KB") |"
    echo "| nginx peak (VmHWM, master + $NGINX_WORKERS workers) | $(mb "$NGINX_HWM_KB") |"
    echo
    if [ -s "$TMP/problems" ]; then
        echo "Problems:"
        echo
        sed 's/^/- /' "$TMP/problems"
    else
        echo "No non-2xx answers, no socket errors; mulin keeps connections alive" \
            "(no \`Connection: close\`, a second request reuses the connection)."
    fi
    if [ "$MHD_LOG" -gt 0 ]; then
        echo
        echo "libmicrohttpd logged $MHD_LOG messages, e.g.:"
        echo
        grep '^[^ ]* http: ' "$TMP/mulin.log" | cut -d' ' -f2- | sort | uniq -c | sort -rn | head -n 5 |
            sed 's/^ */- /'
    fi
} >"$TMP/report.md"
cp "$TMP/report.md" "$OUT"
cat "$OUT"
if [ -s "$TMP/problems" ]; then
    echo "bench: FAILED: see Problems above" >&2
    exit 1
fi
