#!/bin/sh
# Installs the Debian packages a set needs, when any is missing; a no-op when all are there.
#   tools/deps.sh build   what `make` and `make run` need
#   tools/deps.sh check   + what `make check` needs (tests, fuzzing, lint, browser)
#   tools/deps.sh bench   + what `make bench` needs
set -eu
set_name=${1:-build}

build="gcc make pkg-config jq libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev libpq-dev
       libjpeg62-turbo-dev libpng-dev libexif-dev libqrencode-dev libcairo2-dev libpango1.0-dev
       libfontconfig-dev fonts-wqy-zenhei libxlsxwriter-dev"
check="$build poppler-utils libcmocka-dev clang libclang-rt-14-dev clang-format cppcheck nodejs npm
       chromium fonts-wqy-zenhei ca-certificates tidy postgresql sqlite3 nginx openssl python3-icalendar
       unzip"
bench="$build wrk nginx curl fossil postgresql"

case "$set_name" in
build) want=$build ;;
check) want=$check ;;
bench) want=$bench ;;
*) echo "usage: tools/deps.sh build|check|bench" >&2; exit 2 ;;
esac

# A tool already on PATH counts as installed whatever packaged it (e.g. a Node.js build that
# brings its own npm, which Debian's npm package would conflict with).
provides() {
    case "$1" in
    nodejs) command -v node >/dev/null 2>&1 ;;
    npm) command -v npm >/dev/null 2>&1 ;;
    *) return 1 ;;
    esac
}

missing=""
for p in $want; do
    provides "$p" && continue
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "installing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
    run=""
elif command -v sudo >/dev/null 2>&1; then
    run="sudo"
else
    echo "mulin: please run as root: apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# An old or empty package list finds nothing: refresh it first.
$run apt-get update -q >/dev/null
# shellcheck disable=SC2086
$run apt-get install -y -q --no-install-recommends $missing >/dev/null
