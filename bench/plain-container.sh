# Sourced by the plain-*-cycle.sh scripts: a container of IMAGE ($1) with the program ($2) at
# /prog, removed on exit; the remaining arguments are docker run flags. Sets $c to its id.
set -euo pipefail
image=$1 binary=$2
shift 2
c=$(docker run -d --init --network=none "$@" "$image" sleep infinity)
trap 'docker rm -f "$c" >/dev/null' EXIT
docker cp -q "$binary" "$c:/prog" 2>/dev/null || docker cp "$binary" "$c:/prog" >/dev/null
