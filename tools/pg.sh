#!/bin/sh
# A throw-away PostgreSQL cluster for the tests, in a directory of its own, on a free loopback
# port, with trust authentication (loopback only). Runs the server as the unprivileged
# 'postgres' user when called as root (CI runs as root; PostgreSQL refuses to run as root).
#   tools/pg.sh start DIR    start it; writes DIR/conninfo ("host=127.0.0.1 port=N user=...")
#   tools/pg.sh stop DIR     stop it and remove DIR
set -eu
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: tools/pg.sh start|stop DIR" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "tools/pg.sh: PostgreSQL is not installed (tools/deps.sh check)" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        su postgres -s /bin/sh -c "$1"
    else
        sh -c "$1"
    fi
}

case "$cmd" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    user=$( [ "$(id -u)" -eq 0 ] && echo postgres || id -un )
    as_owner "'$bin/initdb' -D '$dir/data' -U '$user' --auth=trust --encoding=UTF8 \
              --locale=C.UTF-8 -N > '$dir/initdb.log' 2>&1"
    # A port from this process's number; on a clash, the next one.
    port=$((20000 + $$ % 20000))
    tries=0
    until as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 30 \
            -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=200\" \
            start > /dev/null 2>&1"; do
        tries=$((tries + 1))
        [ $tries -lt 10 ] || { cat "$dir/server.log" >&2; exit 1; }
        port=$((port + 1))
    done
    echo "host=127.0.0.1 port=$port user=$user" > "$dir/conninfo"
    ;;
stop)
    [ -d "$dir/data" ] && as_owner "'$bin/pg_ctl' -D '$dir/data' -m immediate -w stop > /dev/null 2>&1" || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: tools/pg.sh start|stop DIR" >&2
    exit 2
    ;;
esac
