# Helpers of bench/run.sh (sourced; POSIX sh). They use $TMP, and `die` ends the run (the
# caller's EXIT trap stops what was started).

die() {
    echo "bench: $*" >&2
    exit 1
}

say() {
    echo "bench: $*" >&2
}

# A TCP port no local socket uses (from /proc/net/tcp*), and none handed out before in this run.
free_port() {
    n=0
    while [ $n -lt 200 ]; do
        p=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
        hex=$(printf ':%04X ' "$p")
        if ! cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '{ print $2 " " }' | grep -q "$hex" &&
            ! grep -qx "$p" "$TMP/ports" 2>/dev/null; then
            echo "$p" >>"$TMP/ports"
            echo "$p"
            return 0
        fi
        n=$((n + 1))
    done
    die "no free port found"
}

# Waits until URL answers at all (any status): wait_up URL NAME PID.
wait_up() {
    i=0
    while ! curl -s -o /dev/null "$1"; do
        i=$((i + 1))
        [ $i -lt 150 ] || die "$2 did not start on $1"
        kill -0 "$3" 2>/dev/null || die "$2 exited at start"
        sleep 0.1
    done
}

# Stops a process this script started: stop_pid PID [SIGNAL] (TERM by default; KILL after 10 s).
stop_pid() {
    [ -n "$1" ] || return 0
    kill -0 "$1" 2>/dev/null || return 0
    kill "-${2:-TERM}" "$1" 2>/dev/null || true
    i=0
    while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# kB of a /proc/PID/status field (VmRSS, VmHWM); 0 if the process is gone.
mem_kb() {
    awk -v f="$2:" '$1 == f { print $2; found = 1 } END { if (!found) print 0 }' \
        "/proc/$1/status" 2>/dev/null || echo 0
}

# Sum of a field over pids: mem_sum FIELD PID...
mem_sum() {
    f=$1
    shift
    t=0
    for pid in "$@"; do
        t=$((t + $(mem_kb "$pid" "$f")))
    done
    echo "$t"
}

# Proportional set size (kB) summed over pids: shared pages counted once in all.
pss_sum() {
    t=0
    for pid in "$@"; do
        k=$(awk '$1 == "Pss:" { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
        t=$((t + ${k:-0}))
    done
    echo "$t"
}

# Resets VmHWM of pids (Linux clear_refs 5); "yes" if it could.
hwm_reset() {
    ok=yes
    for pid in "$@"; do
        (echo 5 >"/proc/$pid/clear_refs") 2>/dev/null || ok=no
    done
    echo "$ok"
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

# CPU time (clock ticks) used so far by pids: user + system, and that of their children that
# ended and were waited for (Fossil serves each connection in a child process).
cpu_ticks() {
    t=0
    for pid in "$@"; do
        t=$((t + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$t"
}
HZ=$(getconf CLK_TCK)

# Runs wrk on URL with optional extra arguments; writes its output to $TMP/wrk.out.
load() {
    d=$1
    url=$2
    shift 2
    # In the background, so that a signal to this script stops the run at once. A 10 s timeout
    # (wrk's is 2 s) keeps Fossil's slowest answers in its latencies rather than out as errors.
    wrk -t"$THREADS" -c"$CONNS" -d"$d" --timeout 10s --latency "$@" "$url" >"$TMP/wrk.out" 2>&1 &
    WRK_PID=$!
    wait "$WRK_PID" || die "wrk failed on $url: $(cat "$TMP/wrk.out")"
    WRK_PID=""
}

# Samples the summed VmRSS of a process and its children every 0.2 s into FILE, until stopped
# (for Fossil, whose children come and go): sampler_start PID FILE; sampler_stop.
sampler_start() {
    (
        trap - EXIT INT TERM HUP # not the caller's cleanup
        while kill -0 "$1" 2>/dev/null; do
            ps -o rss= --ppid "$1" -p "$1" 2>/dev/null | awk '{ t += $1 } END { print t + 0 }'
            sleep 0.2
        done
    ) >"$2" &
    SAMPLER_PID=$!
}
sampler_stop() {
    if [ -n "${SAMPLER_PID:-}" ]; then
        kill "$SAMPLER_PID" 2>/dev/null || true
        wait "$SAMPLER_PID" 2>/dev/null || true
    fi
    SAMPLER_PID=""
}

# Loads one page from one server and appends to $TMP/results:
#   page server req/s p50 p99 requests cpu-us/req extra-cpu-us/req peak-kB
# record PAGE SERVER URL "PIDS" "EXTRA_PIDS" MEM [wrk args...]
#   PIDS: the server's processes (CPU, and VmHWM reset before and read after the run);
#   EXTRA_PIDS: processes whose CPU is shown apart (PostgreSQL for mulin on PostgreSQL);
#   MEM: hwm (VmHWM of PIDS, reset before) or sample (summed RSS of PIDS' first and its
#   children, sampled).
record() {
    page=$1
    server=$2
    url=$3
    pids=$4
    extra=$5
    memhow=$6
    shift 6
    say "$page on $server ($DURATION)..."
    if [ "$memhow" = hwm ]; then
        # shellcheck disable=SC2086
        [ "$(hwm_reset $pids)" = yes ] || memhow=hwm-unreset
    else
        sampler_start "${pids%% *}" "$TMP/rss-samples"
    fi
    # shellcheck disable=SC2086
    c0=$(cpu_ticks $pids)
    # shellcheck disable=SC2086
    e0=$(cpu_ticks $extra)
    load "$DURATION" "$url" "$@"
    # shellcheck disable=SC2086
    c1=$(cpu_ticks $pids)
    # shellcheck disable=SC2086
    e1=$(cpu_ticks $extra)
    if [ "$memhow" = sample ]; then
        sampler_stop
        peak=$(sort -n "$TMP/rss-samples" | tail -n 1)
    else
        # shellcheck disable=SC2086
        peak=$(mem_sum VmHWM $pids)
    fi
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
    # mulin's and nginx's fail the run; Fossil's (the comparison) are noted.
    dest=$TMP/problems
    [ "$server" != fossil ] || dest=$TMP/notes
    [ -z "$non2xx" ] || echo "$page on $server: $non2xx non-2xx/3xx responses of $total" >>"$dest"
    [ -z "$sockerr" ] || echo "$page on $server: socket errors:$(echo "$sockerr" | sed 's/^ *Socket errors://')" >>"$dest"
    us=$(awk -v c=$((c1 - c0)) -v hz="$HZ" -v n="$total" 'BEGIN { printf "%.0f", n ? c * 1e6 / hz / n : 0 }')
    eus=$(awk -v c=$((e1 - e0)) -v hz="$HZ" -v n="$total" 'BEGIN { printf "%.0f", n ? c * 1e6 / hz / n : 0 }')
    echo "$page $server $rps $(to_ms "$p50") $(to_ms "$p99") $total $us $eus ${peak:-0}" >>"$TMP/results"
}

# ---- mulin's API (run.sh and meeting-run.sh) ----

# Signs in as worker at URL and prints the session token.
login() {
    answer=$(curl -s -H 'Content-Type: application/json' \
        -d '{"login":"worker","password":"mulin-demo"}' "$1/api/v1/session")
    token=$(printf '%s' "$answer" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
    [ -n "$token" ] || die "cannot log in as worker at $1: $answer"
    echo "$token"
}
# The id of the node called $2 in the JSON list $1 (compact JSON, one object per node).
node_id() {
    printf '%s' "$1" | tr '{' '\n' | grep -F "\"name\":\"$2\"" | sed -n 's/.*"id":\([0-9]*\).*/\1/p' |
        head -n 1
}
api() { # URL TOKEN PATH
    curl -s -f -H "Cookie: mulin_session=$2" "$1$3" || die "GET $1$3 failed"
}
# Prints "SUBDISTRICT_ID AREA_ID" of 上钢新村街道 and 德州五村 at URL.
find_nodes() {
    roots=$(api "$1" "$2" /api/v1/nodes)
    sub=""
    for root in $(printf '%s' "$roots" | tr '{' '\n' | sed -n 's/.*"id":\([0-9]*\).*/\1/p'); do
        sub=$(node_id "$(api "$1" "$2" "/api/v1/nodes/$root/children")" 上钢新村街道)
        [ -n "$sub" ] && break
    done
    [ -n "$sub" ] || die "no node 上钢新村街道 under the roots at $1: $roots"
    area=$(node_id "$(api "$1" "$2" "/api/v1/nodes/$sub/children")" 德州五村)
    [ -n "$area" ] || die "no node 德州五村 under 上钢新村街道 ($sub) at $1"
    echo "$sub $area"
}
