// tcp-established with --network-lock iptables (at dump and restore) and the iptables backend set to
// iptables-nft (the nf_tables kernel API through the iptables syntax; the images' default alternative).
// CRIU runs plain `iptables -w -t filter -I|-D INPUT|OUTPUT ... -m mark ! --mark 0xC114 ... -j DROP`
// through sh, so the alternative selected in the container decides the backend; the exec step
// selects it (iptables and ip6tables) before the first dump and it stays for every later step, so
// the restore deletes the rules from the same backend the dump put them in.
// Same program and checks as tcp-established; the same CRIU < 4.2 on Linux >= 6.16 failure
// (SO_PASSCRED on TCP sockets, fixed by 4b7398595 in v4.2).
// --network-lock came in v3.16 (2e30db5c3): git:v3.14 and git:v3.15 refuse it ("Try -h|--help" at the
// first dump; seen on debian:6.1), so the scenario cannot run there. Its siblings need a feature
// v3.14 and v3.15 do not know (has_ipt_legacy, network_lock_nftables), which says the same.
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
  expectations: [
    { criu: "<3.16.0", outcome: "unsupported", reason: "this CRIU release has no --network-lock option", ref: "checkpoint-restore/criu 2e30db5c3 \"criu: add --network-lock option to allow nftables alternative\" (v3.16)" },
    SO_PASSCRED_ON_TCP,
    { criu: ">=4.2.0", outcome: "pass" },
  ],
});

await testScenario(scenario);
