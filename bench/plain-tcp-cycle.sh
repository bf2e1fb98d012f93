#!/usr/bin/env bash
# The TCP cycle typed by hand over `docker exec`: an established loopback connection with queued
# data, dumped and restored with --tcp-established twice, each restore checked. The baseline for
# the TCP cell.
# usage: plain-tcp-cycle.sh IMAGE PROGRAM_BINARY [docker run flags...]
. "$(dirname "$0")/plain-container.sh"
docker exec "$c" sh -c 'mkdir -p /st && cd /st && (setsid /prog /st </dev/null >/st/out 2>&1 &); until [ -f pid ]; do sleep 0.01; done'
pid=$(docker exec "$c" cat /st/pid)
for n in 1 2; do
  docker exec "$c" sh -c "mkdir -p /img/$n && criu dump -t $pid -D /img/$n --tcp-established -o /img/$n/dump.log -v4"
  docker exec "$c" criu restore -D /img/$n -d --tcp-established --pidfile /img/$n/pid -o /img/$n/restore.log -v4
  pid=$(docker exec "$c" cat /img/$n/pid)
  docker exec "$c" sh -c "kill -USR1 $pid; until [ \$(cat /st/verdict 2>/dev/null | wc -l) -ge $n ]; do sleep 0.01; done; tail -n1 /st/verdict | grep -qx PASS"
done
