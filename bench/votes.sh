# The poll vote burst of bench/run.sh (sourced; uses lib.sh, $TMP, $MULIN, $SQ_DB, $PGCONN).
#
# `mulin init --demo --large` opens one poll per residential area for this
# (HALL_DEMO_BURST_QUESTION in src/hall/hall_demo.h): everyone of the area may vote. Here
# `mulin session issue` signs in $VOTE_VOTERS distinct people of the first areas, and
# bench/vote_burst (built here with cc) has each of them vote once, over $CONNS keep-alive
# connections, as fast as the server takes them. Then the votes are counted again, in the
# database and through the API, and must match the 201 answers exactly.
# Results: $TMP/votes-ENGINE.out ("votes N created C refused R failed F seconds S votes_per_s V
# p50_ms A p99_ms B") and $TMP/votes-ENGINE.recount ("db N api M").

VOTE_QUESTION='基准测试：是否同意本小区的年度自治金计划？'

votes_build() {
    cc -O2 -Wall -pthread -o "$TMP/vote_burst" bench/vote_burst.c || die "cannot build bench/vote_burst.c"
}

# votes_sql ENGINE QUERY: rows with fields separated by spaces.
votes_sql() {
    if [ "$1" = sqlite ]; then
        sqlite3 -cmd '.timeout 10000' -separator ' ' "$SQ_DB" "$2"
    else
        psql "$PGCONN" -qAt -F ' ' -c "$2"
    fi
}

# votes_run ENGINE URL: the burst against the mulin at URL (port taken from it).
votes_run() {
    engine=$1
    url=$2
    port=${url##*:}
    if [ "$engine" = sqlite ]; then set -- --db "$SQ_DB"; else set -- --pg "$PGCONN"; fi
    votes_sql "$engine" "SELECT id, hall_node_id FROM poll WHERE question = '$VOTE_QUESTION' ORDER BY id" \
        >"$TMP/votes-$engine.polls" || die "cannot list the vote-burst polls ($engine)"
    : >"$TMP/votes-$engine.tokens"
    left=$VOTE_VOTERS
    polls=""
    while read -r poll area; do
        [ "$left" -gt 0 ] || break
        per=$(((VOTE_VOTERS + 2) / 3))
        [ "$per" -le "$left" ] || per=$left
        "$MULIN" session issue "$area" "$per" "$@" 2>>"$TMP/votes-$engine.err" |
            awk -v p="/api/v1/polls/$poll/votes" '{ print $2, p }' >>"$TMP/votes-$engine.tokens"
        left=$((VOTE_VOTERS - $(wc -l <"$TMP/votes-$engine.tokens")))
        polls="$polls${polls:+,}$poll"
    done <"$TMP/votes-$engine.polls"
    [ "$left" -eq 0 ] || die "only $((VOTE_VOTERS - left)) voters could be signed in ($engine)"
    say "vote burst ($engine): $VOTE_VOTERS voters in polls $polls, $CONNS connections..."
    "$TMP/vote_burst" 127.0.0.1 "$port" "$TMP/votes-$engine.tokens" "$CONNS" '{"choice":"yes"}' \
        >"$TMP/votes-$engine.out" 2>"$TMP/votes-$engine.err" ||
        echo "vote burst ($engine): $(cat "$TMP/votes-$engine.out") $(cat "$TMP/votes-$engine.err")" >>"$TMP/problems"
    created=$(awk '{ print $4 }' "$TMP/votes-$engine.out")
    counted=$(votes_sql "$engine" "SELECT count(*) FROM poll_vote WHERE poll_id IN ($polls)")
    token=$(head -n 1 "$TMP/votes-$engine.tokens" | cut -d' ' -f1)
    api=0
    for poll in $(echo "$polls" | tr ',' ' '); do
        turnout=$(curl -s -H "Authorization: Bearer $token" "$url/api/v1/polls/$poll" |
            sed -n 's/.*"turnout":\([0-9]*\).*/\1/p')
        api=$((api + ${turnout:-0}))
    done
    echo "db $counted api $api" >"$TMP/votes-$engine.recount"
    if [ "$counted" != "$created" ] || [ "$created" != "$VOTE_VOTERS" ]; then
        echo "vote burst ($engine): $created votes acknowledged, $counted stored, $VOTE_VOTERS voters" >>"$TMP/problems"
    fi
}

# votes_get ENGINE KEY: a value of the burst's output line.
votes_get() {
    awk -v k="$2" '{ for (i = 1; i < NF; i += 2) if ($i == k) print $(i + 1) }' "$TMP/votes-$1.out"
}

# Markdown: one row per engine.
votes_report() {
    echo "| engine | voters | 201 | refused | failed | seconds | votes/s | p50 ms | p99 ms | recount (database / API turnout) |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|"
    for engine in sqlite pg; do
        [ -s "$TMP/votes-$engine.out" ] || continue
        echo "| $engine | $(votes_get "$engine" votes) | $(votes_get "$engine" created) |" \
            "$(votes_get "$engine" refused) | $(votes_get "$engine" failed) |" \
            "$(votes_get "$engine" seconds) | $(votes_get "$engine" votes_per_s) |" \
            "$(votes_get "$engine" p50_ms) | $(votes_get "$engine" p99_ms) |" \
            "$(awk '{ print $2 " / " $4 }' "$TMP/votes-$engine.recount") |"
    done
}
