#!/usr/bin/env bash
# The seed-000 cycle typed by hand over `docker exec`: a shell job on a pty, criu-ns dump and restore
# (the restore attached to a fresh pty), twice, each restore checked. The baseline for the pty cell.
# usage: plain-pty-cycle.sh IMAGE PROGRAM_BINARY [docker run flags...]
. "$(dirname "$0")/plain-container.sh"
docker exec "$c" sh -c "mkdir -p /st && cd /st && (sleep infinity </dev/null 2>/dev/null | script -qfec \"sh -c '/prog /st; :'\" /dev/null >/st/out 2>&1 &); until [ -f pid ]; do sleep 0.01; done"
pid=$(docker exec "$c" cat /st/pid)
check() { # $1: the pid; $2: how many verdict lines there must be afterwards
  docker exec "$c" sh -c "kill -USR1 $1; until [ \$(cat /st/verdict 2>/dev/null | wc -l) -ge $2 ]; do sleep 0.01; done; tail -n1 /st/verdict | grep -qx PASS"
  docker exec "$c" readlink "/proc/$1/fd/0" | grep -q '^/dev/pts/'
}
for n in 1 2; do
  docker exec "$c" sh -c "mkdir -p /img/$n && criu-ns dump -t $pid -D /img/$n --shell-job -o /img/$n/dump.log -v4 </dev/null >/img/$n/dump.out 2>&1"
  docker exec "$c" sh -c "(sleep infinity </dev/null 2>/dev/null | script -qfec 'criu-ns restore -D /img/$n --shell-job -o /img/$n/restore.log -v4; echo \$? > /img/$n/rc' /dev/null >/img/$n/pty 2>&1 &); until grep -q 'Restore finished successfully' /img/$n/restore.log 2>/dev/null; do [ -f /img/$n/rc ] && exit 1; sleep 0.01; done"
  pid=$(docker exec "$c" pgrep -f -n '^/prog( |$)')
  check "$pid" "$n"
done
