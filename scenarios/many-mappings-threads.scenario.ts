// Performance: 4096 one-page mappings (no two mergeable) and 64 threads, dumped and restored twice;
// every mapping's place, protection and content, and every thread's tid and stack, are checked
// after each restore. What CRIU spends per VMA and per thread (CRIU issue #3053: maps04's restore
// took 56 s). Its purpose is the measure: it runs only when named.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";
import { MEASURED_CYCLE } from "./support/perf.js";

export const scenario = defineScenario({
  name: "many-mappings-threads",
  summary: "4096 separate mappings and 64 threads keep their layout, contents and tids across dump/restore; measured",
  program: "many_mappings_threads",
  steps: MEASURED_CYCLE,
  inDefaultMatrix: false,
  // Seen: 4.1.1 and 4.2.1 on the 6.18 host (3.17.1 stops at criu check there); 3.17.1 and 4.1.1
  // on debian:6.1 in a VM.
  expectations: [{ criu: "3.17.1 || >=4.1.1 <=4.2.1", outcome: "pass" }],
});

await testScenario(scenario);
