// An established loopback TCP connection (both ends in the program) with unread data queued in
// both directions, and a listener on 127.0.0.1 (random port). --tcp-established is needed at dump
// (else CRIU refuses established sockets) and at restore (so CRIU restores them with TCP_REPAIR and
// lifts the network lock). The lock: at dump CRIU inserts iptables DROP rules for every connection
// (default --network-lock iptables: `iptables -w -t filter -I INPUT/OUTPUT ... -j DROP`, here the
// image's default alternative iptables-nft) and leaves them after the dumped tree is killed; the
// restore deletes them (rst_unlock_tcp_connections), with the method given to the restore, so the
// restore must use the same --network-lock and the same iptables backend as the dump.
// The check: queued bytes exact, new data both ways, the listener accepts a new connection.
//
// Found while writing it: a TIME_WAIT socket on the listener's port (left when the accepted side
// closes first) makes the restore fail, "Can't bind inet socket (id N): Address already in use":
// CRIU sets SO_REUSEADDR on the restored listener, but the kernel still refuses the bind against
// a TIME_WAIT socket whose owner had no SO_REUSEADDR. The program closes its test connections
// with RST (SO_LINGER 0) to stay clear of it.
//
// CRIU < 4.2 on Linux >= 6.16 cannot dump any TCP socket: it reads SO_PASSCRED/SO_PASSSEC from
// every socket, and 6.16 restricted those to AF_UNIX/NETLINK/BLUETOOTH ("sockets: Can't get 1:16
// opt: Operation not supported"). Fixed by 4b7398595 (v4.2). On older kernels 4.1.1 would pass (xpass).
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";
import { SO_PASSCRED_ON_TCP } from "./support/tcp.js";


export const scenario = defineScenario({
  name: "tcp-established",
  summary: "an established loopback TCP connection with data queued both ways, and a listener, survive dump and restore (--tcp-established)",
  program: "tcp_established",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  dumpArgs: ["--tcp-established"],
  restoreArgs: ["--tcp-established"],
  expectations: [SO_PASSCRED_ON_TCP, { criu: ">=4.2.0", outcome: "pass" }],
});

await testScenario(scenario);
