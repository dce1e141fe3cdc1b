#!/bin/sh
# The meeting procedure engine's throughput, in process: `sh bench/procedure.sh [COMMANDS]`
# after `make mulin`. Prints commands per second (target: over a million).
set -eu
cd "$(dirname "$0")/.."
"${MULIN_BIN:-./mulin}" procedure bench "${1:-20000000}"
