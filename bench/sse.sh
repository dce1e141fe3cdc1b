# The SSE fan-out part of bench/run.sh (sourced; uses lib.sh, $TMP, $MULIN, $SQ_DB, $SQ_TOKEN,
# $SQ_AREA, $SSE_PERSON).
#
# Each scenario starts a fresh `mulin serve` on the large SQLite database, lets bench/sse_fanout
# (built here with cc) hold N idle subscribers to node:$SQ_AREA's events, publishes
# $SSE_PUBLISHES role changes through the API and times each subscriber's reception; then stops
# that mulin. Results: $TMP/sse-NAME.out (the client's key/value lines) and $TMP/sse-NAME.log
# counts of what libmicrohttpd logged.

sse_build() {
    cc -O2 -Wall -o "$TMP/sse_fanout" bench/sse_fanout.c || die "cannot build bench/sse_fanout.c"
}

# sse_scenario NAME CLIENTS PER_ADDR FIRST_ADDR PUB_ADDR [mulin serve options...]
sse_scenario() {
    name=$1
    clients=$2
    per_addr=$3
    first=$4
    pub=$5
    shift 5
    port=$(free_port)
    say "SSE $name: $clients subscribers, $per_addr per address from $first${*:+, mulin $*}..."
    "$MULIN" serve --db "$SQ_DB" --listen "127.0.0.1:$port" "$@" 2>"$TMP/sse-$name.mulin.log" &
    SSE_MULIN_PID=$!
    wait_up "http://127.0.0.1:$port/login" "mulin (SSE $name)" "$SSE_MULIN_PID"
    "$TMP/sse_fanout" --port "$port" --path "/api/v1/nodes/$SQ_AREA/events" --cookie "$SQ_TOKEN" \
        --clients "$clients" --per-addr "$per_addr" --first-addr "$first" --pub-addr "$pub" \
        --publish-path "/api/v1/nodes/$SQ_AREA/roles" --bearer "$SQ_TOKEN" \
        --person "$SSE_PERSON" --publishes "$SSE_PUBLISHES" --pid "$SSE_MULIN_PID" \
        >"$TMP/sse-$name.out" 2>"$TMP/sse-$name.err" &
    SSE_CLIENT_PID=$!
    wait "$SSE_CLIENT_PID" || die "sse_fanout failed ($name): $(cat "$TMP/sse-$name.err")"
    SSE_CLIENT_PID=""
    kill -0 "$SSE_MULIN_PID" 2>/dev/null || die "mulin died during SSE $name"
    t0=$(date +%s)
    stop_pid "$SSE_MULIN_PID"
    echo "stop_s $(($(date +%s) - t0))" >>"$TMP/sse-$name.out"
    SSE_MULIN_PID=""
    # Every publish answered 200 and reached every subscriber, or the run fails.
    awk -v n="$name" '$1 == "publish" && ($4 != 200 || $10 != 0) {
        printf "SSE %s: publish %s answered %s, %s subscribers missed it\n", n, $2, $4, $10 }' \
        "$TMP/sse-$name.out" >>"$TMP/problems"
    [ "$(sse_get "$name" open)" -gt 0 ] || echo "SSE $name: no subscriber connected" >>"$TMP/problems"
    # The messages, counted (without the URL, which MHD quotes as `…').
    # shellcheck disable=SC2016
    grep '^[^ ]* http: ' "$TMP/sse-$name.mulin.log" | cut -d' ' -f3- |
        sed 's/`[^`]*'"'"'/`…'"'"'/g' | sort | uniq -c | sort -rn >"$TMP/sse-$name.log" || true
}

# The value of KEY in a scenario's output.
sse_get() {
    awk -v k="$2" '$1 == k { print $2; exit }' "$TMP/sse-$1.out"
}

# Markdown: one summary row per scenario, then one row per publish.
sse_report() {
    echo "| scenario | subscribers asked | connected | refused | not answered (3 s) | connect time | mulin RSS, all connected | per subscriber | mulin peak RSS | stop |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    for name in "$@"; do
        f=$TMP/sse-$name.out
        refused=$(($(sse_get "$name" refused) + $(sse_get "$name" connect_error) + \
            $(awk '$1 ~ /^status_/ { t += $2 } END { print t + 0 }' "$f")))
        printf '| %s | %s | %s | %s | %s | %.1f s | %s | %s | %s | %s s |\n' "$(sse_title "$name")" \
            "$(sse_get "$name" target)" "$(sse_get "$name" open)" "$refused" \
            "$(sse_get "$name" no_answer)" \
            "$(awk -v t="$(sse_get "$name" connect_ms)" 'BEGIN { print t / 1000 }')" \
            "$(mb "$(sse_get "$name" rss_kb)")" \
            "$(awk -v a="$(sse_get "$name" rss_start_kb)" -v b="$(sse_get "$name" rss_kb)" \
                -v n="$(sse_get "$name" open)" 'BEGIN { printf "%.1f kB", n ? (b - a) / n : 0 }')" \
            "$(mb "$(sse_get "$name" hwm_kb)")" "$(sse_get "$name" stop_s)"
    done
    echo
    echo "| scenario | publish | POST answered | POST ms | subscribers reached | missed | p50 ms | p99 ms | max ms |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|"
    for name in "$@"; do
        awk -v t="$(sse_title "$name")" '$1 == "publish" {
            printf "| %s | %s | %s | %.1f | %s | %s | %.1f | %.1f | %.1f |\n", t, $2, $4, $6, $8, $10, $12, $14, $16 }' \
            "$TMP/sse-$name.out"
    done
}

sse_title() {
    case "$1" in
    spread) echo "400 per address ($(((SSE_CLIENTS + 399) / 400)) addresses)" ;;
    cap) echo "at the 4,000 cap: 3,999 + the publisher, 400 per address" ;;
    proxy) echo "\`--trusted-proxy 127.0.0.1\`, all from 127.0.0.1" ;;
    *) echo "$1" ;;
    esac
}

# The three scenarios: 10,000 spread over addresses (the server's limits: 4,000 in all, 400 an
# address); exactly at the 4,000 cap; and all from the trusted proxy's address.
sse_all() {
    sse_build
    sse_scenario spread "$SSE_CLIENTS" 400 127.0.0.2 127.0.0.1
    sse_scenario cap 3999 400 127.0.0.2 127.0.0.1
    sse_scenario proxy "$SSE_CLIENTS" "$SSE_CLIENTS" 127.0.0.1 127.0.0.1 --trusted-proxy 127.0.0.1
    # shellcheck disable=SC2034 # read by run.sh
    SSE_SCENARIOS="spread cap proxy"
}
