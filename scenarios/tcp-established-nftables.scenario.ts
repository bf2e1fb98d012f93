// tcp-established with CRIU's nftables network lock (--network-lock nftables, at dump and restore):
// the dump locks the connections in an nftables table of its own (CRIU built with libnftables and
// a kernel with set concatenations: feature "network_lock_nftables"), the restore with the same
// method deletes it. A restore with another method would leave the table and the connection dead.
// Same program and checks as tcp-established; the same CRIU < 4.2 on Linux >= 6.16 failure
// (SO_PASSCRED on TCP sockets, fixed by 4b7398595 in v4.2).
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";
import { SO_PASSCRED_ON_TCP } from "./support/tcp.js";


export const scenario = defineScenario({
  name: "tcp-established-nftables",
  summary: "tcp-established with --network-lock nftables",
  program: "tcp_established",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  features: ["network_lock_nftables"],
  dumpArgs: ["--tcp-established", "--network-lock", "nftables"],
  restoreArgs: ["--tcp-established", "--network-lock", "nftables"],
  expectations: [SO_PASSCRED_ON_TCP, { criu: ">=4.2.0", outcome: "pass" }],
});

await testScenario(scenario);
