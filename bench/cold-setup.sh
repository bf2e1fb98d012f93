#!/usr/bin/env bash
# A cold `criu-lab setup` (no rootfs, no images: debootstrap from Debian's archive) of each given
# clone of criu-lab, one after the other, each on an engine and a cache of its own that are removed
# after; prints each one's wall time and their ratio to the first. The host's own engine and cache
# are not touched. Usage: bench/cold-setup.sh CLONE [CLONE...]   (e.g. a worktree of an older commit)
set -euo pipefail
first=""
for tree in "$@"; do
  work=$(mktemp -d /tmp/criu-lab-cold-setup-XXXXXX)
  trap 'node "$tree/bin/criu-lab.js" engine stop "$work/engine" --purge >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  host=$(node "$tree/bin/criu-lab.js" engine start "$work/engine" 2>/dev/null | sed -n 's/^DOCKER_HOST=//p')
  start=$(date +%s%N)
  DOCKER_HOST=$host CRIU_LAB_CACHE=$work/cache node "$tree/bin/criu-lab.js" setup >"$work/setup.log" 2>&1 || { tail -5 "$work/setup.log" >&2; exit 1; }
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  first=${first:-$ms}
  echo "$tree ($(git -C "$tree" rev-parse --short HEAD)): cold setup $((ms / 1000)).$(printf %03d $((ms % 1000))) s, ratio $(awk "BEGIN { printf \"%.2f\", $ms / $first }")"
  node "$tree/bin/criu-lab.js" engine stop "$work/engine" --purge >/dev/null 2>&1 || true
  rm -rf "$work"
  trap - EXIT
done
