# The meeting part of the bench (sourced by bench/run.sh and bench/meeting-run.sh; uses lib.sh,
# $TMP, $MULIN and bench/sse_fanout built by sse_build).
#
# One meeting of 德州五村's hall (raw setup: MEETING_MEMBERS members "p<id>" of real persons of
# the area, a person as chair, level ESTATE), created through POST /api/v1/halls/{id}/meetings.
# Scenario "watch": $MEETING_WATCHERS subscribers on GET /api/v1/meetings/{id}/events, half
# with ?view=projector, half with ?view=phone (the same stream), 400 an address; then
# $MEETING_COMMANDS commands POSTed to /api/v1/meetings/{id}/commands at $MEETING_RATE a second
# (ATTEND of every member, CALL_TO_ORDER, then per agenda item OPEN_ITEM, MOVE, SECOND,
# STATE_QUESTION, four speeches (REQUEST_FLOOR, RECOGNIZE, START_SPEECH, END_SPEECH), PUT_QUESTION
# (hands), a CAST of every member, CLOSE_VOTE; members leaving and coming back once the
# engine's 32 items are used). Each command is timed from its acceptance (the POST's answer) to
# every watcher having its event. Scenario "log": the same commands, no watchers, as fast as the
# answers come, up to $MEETING_LOG_COMMANDS: the POST's own time by the log's length (appending
# replays the log). The command sequence is first run through `mulin procedure run`: every
# command must be accepted, or the bench fails.
#
# Results: $TMP/meeting-ENGINE-SCENARIO.out (sse_fanout's lines) and .log (mulin's messages).

MEETING_MEMBERS=${MEETING_MEMBERS:-15}
MEETING_WATCHERS=${MEETING_WATCHERS:-10000}
MEETING_RATE=${MEETING_RATE:-10}
MEETING_COMMANDS=${MEETING_COMMANDS:-400}
MEETING_LOG_COMMANDS=${MEETING_LOG_COMMANDS:-2000}
MEETING_EVENT=${MEETING_EVENT:-command}
# Another mulin (an older build) for the "log" scenario too, to compare: meeting-run.sh sets it
# from BENCH_BEFORE_BIN.
MEETING_BEFORE=${MEETING_BEFORE:-}

# meeting_commands PEOPLE_FILE COUNT OUT: the setup ($OUT.setup, JSON) and COUNT command lines
# (OUT). PEOPLE_FILE holds person ids, one a line: the first is the chair, the next
# MEETING_MEMBERS the members.
meeting_commands() {
    head -n 1 "$1" | sed 's/^/p/' >"$3.chair"
    sed -n "2,$((MEETING_MEMBERS + 1))p" "$1" | sed 's/^/p/' >"$3.members"
    [ "$(wc -l <"$3.members")" -eq "$MEETING_MEMBERS" ] || die "not $MEETING_MEMBERS people for the meeting"
    awk -v chair="$(cat "$3.chair")" 'BEGIN { printf "{\"level\":\"ESTATE\",\"chair\":\"%s\",\"members\":[", chair }
        { printf "%s\"%s\"", (NR > 1 ? "," : ""), $1 }
        END { print "]}" }' "$3.members" >"$3.setup"
    awk -v chair="$(cat "$3.chair")" -v count="$2" '
        function out(s) { if (n < count) { print s; n++ } }
        function cmd(name, actor, rest) {
            out(sprintf("{\"cmd\":\"%s\",\"actor\":\"%s\"%s}", name, actor, rest)) }
        { m[M++] = $1 }
        END {
            for (i = 0; i < M; i++) cmd("ATTEND", m[i], "")
            cmd("CALL_TO_ORDER", chair, "")
            # The engine keeps 32 agenda items and 64 motions a meeting (docs/procedure.md).
            for (item = 1; item <= 30 && n < count; item++) {
                a = (item * 3) % M
                cmd("OPEN_ITEM", chair, sprintf(",\"item\":\"I%d\",\"level\":\"ESTATE\"", item))
                cmd("MOVE", m[a], sprintf(",\"type\":\"MAIN\",\"text\":\"第%d项：楼道照明改造方案\"", item))
                cmd("SECOND", m[(a + 1) % M], "")
                cmd("STATE_QUESTION", chair, "")
                for (s = 0; s < 4; s++) {
                    sp = s == 0 ? m[a] : m[(a + 2 + s) % M]
                    cmd("REQUEST_FLOOR", sp, sprintf(",\"stance\":\"%s\"", s % 2 ? "CON" : "PRO"))
                    cmd("RECOGNIZE", chair, sprintf(",\"member\":\"%s\"", sp))
                    cmd("START_SPEECH", sp, "")
                    cmd("END_SPEECH", sp, "")
                }
                cmd("PUT_QUESTION", chair, ",\"method\":\"HANDS\"")
                for (i = 0; i < M; i++) cmd("CAST", m[i], sprintf(",\"choice\":\"%s\"", i % 4 == 3 ? "NO" : "YES"))
                cmd("CLOSE_VOTE", chair, "")
            }
            # Then members step out and come back (the quorum holds: one is away at a time).
            for (i = 0; n < count; i++) {
                cmd("LEAVE", m[i % M], "")
                cmd("ATTEND", m[i % M], "")
            }
        }' "$3.members" >"$3"
    # Every command must be in order: the engine's own run of the script says so.
    { printf '{"setup":%s}\n' "$(cat "$3.setup")"; cat "$3"; } >"$3.script"
    "$MULIN" procedure run "$3.script" >"$3.answers" || die "mulin procedure run failed on the meeting script"
    bad=$(grep -vc '"ok": *true' "$3.answers" || true)
    [ "$bad" -eq 0 ] || die "the meeting script has $bad refused lines: $(grep -v '"ok": *true' "$3.answers" | head -n 2)"
}

# meeting_create URL TOKEN HALL SETUP_FILE: the new meeting's id.
meeting_create() {
    answer=$(curl -s -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
        -d "{\"title\":\"bench 业主议事会\",\"setup\":$(cat "$4")}" "$1/api/v1/halls/$3/meetings")
    id=$(printf '%s' "$answer" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
    [ -n "$id" ] || die "cannot create the meeting at $1: $(printf '%s' "$answer" | head -c 300)"
    echo "$id"
}

# meeting_scenario ENGINE SCENARIO TOKEN HALL: a fresh mulin on the engine's database ($SQ_DB or
# $PGCONN), a new meeting, the client; then that mulin is stopped.
meeting_scenario() {
    engine=$1
    scenario=$2
    token=$3
    hall=$4
    bin=$MULIN
    if [ "$scenario" = watch ]; then
        clients=$MEETING_WATCHERS rate=$MEETING_RATE file=$TMP/meeting-cmds
    else
        clients=0 rate=0 file=$TMP/meeting-cmds-log
        [ "$scenario" != logbefore ] || bin=$MEETING_BEFORE
    fi
    name=meeting-$engine-$scenario
    port=$(free_port)
    say "meeting $scenario on $engine: $clients watchers, $(wc -l <"$file") commands at ${rate:-∞}/s..."
    if [ "$engine" = sqlite ]; then
        "$bin" serve --db "$SQ_DB" --listen "127.0.0.1:$port" 2>"$TMP/$name.mulin.log" &
    else
        "$bin" serve --pg "$PGCONN" --listen "127.0.0.1:$port" 2>"$TMP/$name.mulin.log" &
    fi
    SSE_MULIN_PID=$!
    wait_up "http://127.0.0.1:$port/login" "mulin (meeting $engine)" "$SSE_MULIN_PID"
    id=$(meeting_create "http://127.0.0.1:$port" "$token" "$hall" "$TMP/meeting-cmds.setup")
    "$TMP/sse_fanout" --port "$port" --path "/api/v1/meetings/$id/events?view=projector" \
        --path2 "/api/v1/meetings/$id/events?view=phone" --cookie "$token" \
        --clients "$clients" --per-addr 400 --first-addr 127.0.0.2 --pub-addr 127.0.0.1 \
        --publish-path "/api/v1/meetings/$id/commands" --bearer "$token" --event "$MEETING_EVENT" \
        --commands "$file" --rate "$rate" --pid "$SSE_MULIN_PID" --deliver-timeout 20 \
        >"$TMP/$name.out" 2>"$TMP/$name.err" &
    SSE_CLIENT_PID=$!
    wait "$SSE_CLIENT_PID" || die "sse_fanout failed (meeting $engine $scenario): $(cat "$TMP/$name.err")"
    SSE_CLIENT_PID=""
    kill -0 "$SSE_MULIN_PID" 2>/dev/null || die "mulin died during meeting $engine $scenario"
    # The log the server kept: as many entries as commands accepted.
    echo "log_length $(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/meetings/$id" |
        sed -n 's/.*"log_length":\([0-9]*\).*/\1/p')" >>"$TMP/$name.out"
    stop_pid "$SSE_MULIN_PID"
    SSE_MULIN_PID=""
    awk -v n="$name" '$1 == "command" && ($4 != 200 || $10 != 0) {
        printf "%s: command %s answered %s, %s watchers missed it\n", n, $2, $4, $10 }' \
        "$TMP/$name.out" | head -n 5 >>"$TMP/problems"
    [ "$clients" -eq 0 ] || [ "$(meeting_get "$name" open)" -gt 0 ] ||
        echo "$name: no watcher connected" >>"$TMP/problems"
    # shellcheck disable=SC2016
    grep '^[^ ]* http: ' "$TMP/$name.mulin.log" | cut -d' ' -f3- |
        sed 's/`[^`]*'"'"'/`…'"'"'/g' | sort | uniq -c | sort -rn >"$TMP/$name.log" || true
}

# meeting_all ENGINES...: "sqlite" uses $SQ_DB, $SQ_TOKEN, $SQ_AREA; "pg" $PGCONN, $PG_TOKEN, $PG_AREA.
# People for the meeting come from $TMP/people.json (the area's first page of people; the same
# persons on both engines, as both sets are made by the same generator).
meeting_all() {
    tr '{' '\n' <"$TMP/people.json" | sed -n 's/^"id":\([0-9]*\).*/\1/p' >"$TMP/meeting-people"
    meeting_commands "$TMP/meeting-people" "$MEETING_COMMANDS" "$TMP/meeting-cmds"
    meeting_commands "$TMP/meeting-people" "$MEETING_LOG_COMMANDS" "$TMP/meeting-cmds-log"
    MEETING_ENGINES=""
    for engine in "$@"; do
        if [ "$engine" = sqlite ]; then
            meeting_scenario sqlite watch "$SQ_TOKEN" "$SQ_AREA"
            meeting_scenario sqlite log "$SQ_TOKEN" "$SQ_AREA"
            [ -z "$MEETING_BEFORE" ] || meeting_scenario sqlite logbefore "$SQ_TOKEN" "$SQ_AREA"
        else
            meeting_scenario pg watch "$PG_TOKEN" "$PG_AREA"
            meeting_scenario pg log "$PG_TOKEN" "$PG_AREA"
            [ -z "$MEETING_BEFORE" ] || meeting_scenario pg logbefore "$PG_TOKEN" "$PG_AREA"
        fi
        MEETING_ENGINES="$MEETING_ENGINES $engine"
    done
}

# The meeting's members are persons of SQLite's set; both sets come from the same generator,
# so they are the same persons on PostgreSQL: checked, a problem otherwise.
meeting_same_people() { # SQLITE_PEOPLE_JSON PG_PEOPLE_JSON
    ids() { tr '{' '\n' <"$1" | sed -n 's/^"id":\([0-9]*\),"name":"\([^"]*\)".*/\1 \2/p' | head -n $((MEETING_MEMBERS + 1)); }
    [ "$(ids "$1")" = "$(ids "$2")" ] && [ -n "$(ids "$1")" ] ||
        echo "the meeting's people differ between SQLite and PostgreSQL (ids and names)" >>"$TMP/problems"
}

# The value of KEY in a scenario's output: meeting_get NAME KEY.
meeting_get() {
    awk -v k="$2" '$1 == k { print $2; exit }' "$TMP/$1.out"
}

# Percentile P (0..100) of column C of the "command" lines of a result, over lines whose
# number is in FROM..TO (all by default).
meeting_pct() { # NAME COLUMN P [FROM TO]
    awk -v c="$2" -v from="${4:-1}" -v to="${5:-1000000000}" '$1 == "command" && $2 >= from && $2 <= to { print $c }' \
        "$TMP/$1.out" | sort -g | awk -v p="$3" '{ v[n++] = $1 } END {
            if (!n) { print "-"; exit }
            i = int((n - 1) * p / 100 + 0.5); printf "%.1f", v[i] }'
}

meeting_report() {
    echo "A meeting of $MEETING_MEMBERS members (persons \"p<id>\" of 德州五村, a person as chair, level" \
        "ESTATE) created by \`POST /api/v1/halls/{id}/meetings\`; $MEETING_WATCHERS watchers on" \
        "\`GET /api/v1/meetings/{id}/events\` (half \`?view=projector\`, half \`?view=phone\`; 400 an" \
        "address, bench/sse_fanout.c); then $MEETING_COMMANDS commands (ATTEND × $MEETING_MEMBERS," \
        "CALL_TO_ORDER, then per item OPEN_ITEM, MOVE, SECOND, STATE_QUESTION, 4 × (REQUEST_FLOOR," \
        "RECOGNIZE, START_SPEECH, END_SPEECH), PUT_QUESTION, CAST × $MEETING_MEMBERS, CLOSE_VOTE;" \
        "all accepted by \`mulin procedure run\` first) by \`POST /api/v1/meetings/{id}/commands\` at" \
        "$MEETING_RATE a second on one keep-alive connection. \"All watchers\": per command, from its" \
        "acceptance (the POST's answer read) to the last watcher reading \`event: $MEETING_EVENT\`;" \
        "p50/p99 over the commands. A fresh mulin for each engine; RSS sampled at each command."
    echo
    echo "| engine | watchers asked | connected | still connected after | commands | answered 200 | log length | POST p50 ms | POST p99 ms | all watchers p50 ms | all watchers p99 ms | worst ms | per-watcher p99 (median command) ms | missed | mulin RSS, all connected | mulin peak RSS (sampled) | mulin VmHWM |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    for engine in $MEETING_ENGINES; do
        n=meeting-$engine-watch
        f=$TMP/$n.out
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
            "$engine" "$(meeting_get "$n" target)" "$(meeting_get "$n" open)" "$(meeting_get "$n" open_after_commands)" \
            "$(awk '$1 == "command"' "$f" | wc -l | tr -d ' ')" \
            "$(awk '$1 == "command" && $4 == 200' "$f" | wc -l | tr -d ' ')" "$(meeting_get "$n" log_length)" \
            "$(meeting_pct "$n" 6 50)" "$(meeting_pct "$n" 6 99)" \
            "$(meeting_pct "$n" 16 50)" "$(meeting_pct "$n" 16 99)" "$(meeting_pct "$n" 16 100)" \
            "$(meeting_pct "$n" 14 50)" \
            "$(awk '$1 == "command" { t += $10 } END { print t + 0 }' "$f")" \
            "$(mb "$(meeting_get "$n" rss_kb)")" "$(mb "$(meeting_get "$n" rss_max_kb)")" "$(mb "$(meeting_get "$n" hwm_kb)")"
    done
    echo
    echo "CPU while the commands ran (wall time from the first POST to the last watcher's last" \
        "event; mulin's CPU from /proc, the client's own from getrusage; both share the cores):"
    echo
    echo "| engine | wall s | mulin CPU s | mulin CPU ms per command | client CPU s |"
    echo "|---|--:|--:|--:|--:|"
    for engine in $MEETING_ENGINES; do
        n=meeting-$engine-watch
        awk -v e="$engine" -v w="$(meeting_get "$n" commands_ms)" -v s="$(meeting_get "$n" server_cpu_ms)" \
            -v c="$(meeting_get "$n" client_cpu_ms)" \
            -v k="$(awk '$1 == "command"' "$TMP/$n.out" | wc -l)" \
            'BEGIN { printf "| %s | %.1f | %.1f | %.1f | %.1f |\n", e, w / 1000, s / 1000, k ? s / k : 0, c / 1000 }'
    done
    echo
    echo "The POST's own time (first byte to answer) by the log's length, no watchers, commands sent" \
        "as fast as they are answered (scenario \"log\"):"
    echo
    echo "| engine | binary | log entries | commands | POST p50 ms | POST p99 ms |"
    echo "|---|---|---|--:|--:|--:|"
    for run in $(for e in $MEETING_ENGINES; do echo "$e-log"; [ -z "$MEETING_BEFORE" ] || echo "$e-logbefore"; done); do
        engine=${run%%-*}
        n=meeting-$run
        binary="this commit"
        [ "${run#*-}" = log ] || binary="before (\`$MEETING_BEFORE_NAME\`)"
        total=$(awk '$1 == "command"' "$TMP/$n.out" | wc -l)
        from=1
        for to in 100 500 1000 1500 2000 3000 5000 10000; do
            [ "$from" -le "$total" ] || break
            printf '| %s | %s | %s–%s | %s | %s | %s |\n' "$engine" "$binary" "$from" "$to" \
                "$(awk -v a="$from" -v b="$to" '$1 == "command" && $2 >= a && $2 <= b' "$TMP/$n.out" | wc -l | tr -d ' ')" \
                "$(meeting_pct "$n" 6 50 "$from" "$to")" "$(meeting_pct "$n" 6 99 "$from" "$to")"
            from=$((to + 1))
        done
    done
}
