// Unread data in unix socketpairs: a SOCK_STREAM pair with 3 messages queued one way, a SOCK_DGRAM
// pair with 3 datagrams and a SOCK_SEQPACKET pair with 3 records. After each restore the program
// reads everything back (exact bytes, in order, one message per datagram/record, nothing extra)
// and queues it again for the next check. No CRIU option is needed: CRIU dumps the receive queues
// of unix sockets whose both ends are in the dumped tree.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "unix-sockets-queued",
  summary: "queued messages in stream, dgram and seqpacket unix socketpairs survive dump and restore, boundaries included",
  program: "unix_sockets_queued",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [],
});

await testScenario(scenario);
