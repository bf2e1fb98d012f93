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
  // Seen on the 6.18 host with 4.1.1 and 4.2.1 (3.17.1 stops at criu check there).
  expectations: [{ criu: ">=4.1.1 <=4.2.1", outcome: "pass" }],
});

await testScenario(scenario);
