#!/usr/bin/env bash
# The seed cycle typed by hand over `docker exec`: the baseline criu-lab is compared with.
# usage: plain-cycle.sh IMAGE PROGRAM_BINARY [docker run flags...]
. "$(dirname "$0")/plain-container.sh"
docker exec "$c" sh -c 'mkdir -p /st && cd /st && (setsid /prog /st </dev/null >/st/out 2>&1 &); until [ -f pid ]; do sleep 0.01; done'
pid=$(docker exec "$c" cat /st/pid)
check() { # $1: how many verdict lines there must be afterwards
  docker exec "$c" sh -c "kill -USR1 $pid; until [ \$(cat /st/verdict 2>/dev/null | wc -l) -ge $1 ]; do sleep 0.01; done; tail -n1 /st/verdict | grep -qx PASS"
  docker exec "$c" chrt -p "$pid" | grep -q 'SCHED_FIFO|SCHED_RESET_ON_FORK'
}
for n in 1 2; do
  docker exec "$c" sh -c "mkdir -p /img/$n && criu dump -t $pid -D /img/$n -o /img/$n/dump.log -v4"
  docker exec "$c" criu restore -D /img/$n -d -o /img/$n/restore.log -v4
  check $n
done
