// tcp-established with --network-lock iptables (at dump and restore) and the iptables backend set to
// iptables-nft (the nf_tables kernel API through the iptables syntax; the images' default alternative).
// CRIU runs plain `iptables -w -t filter -I|-D INPUT|OUTPUT ... -m mark ! --mark 0xC114 ... -j DROP`
// through sh, so the alternative selected in the container decides the backend; the exec step
// selects it (iptables and ip6tables) before the first dump and it stays for every later step, so
// the restore deletes the rules from the same backend the dump put them in.
// Same program and checks as tcp-established; the same CRIU < 4.2 on Linux >= 6.16 failure
// (SO_PASSCRED on TCP sockets, fixed by 4b7398595 in v4.2).
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";
import { SO_PASSCRED_ON_TCP, selectIptables } from "./support/tcp.js";


export const scenario = defineScenario({
  name: "tcp-established-iptables-nft",
  summary: "tcp-established with --network-lock iptables on the iptables-nft backend",
  program: "tcp_established",
  steps: [
    "start",
    selectIptables("nft"),
    "dump",
    "restore",
    "check",
    "dump",
    "restore",
    "check",
  ],
  dumpArgs: ["--tcp-established", "--network-lock", "iptables"],
  restoreArgs: ["--tcp-established", "--network-lock", "iptables"],
  expectations: [SO_PASSCRED_ON_TCP, { criu: ">=4.2.0", outcome: "pass" }],
});

await testScenario(scenario);
