// Performance: 64 MiB of dirty private anonymous memory, dumped and restored twice; after each
// restore the program hashes every word of it. Its purpose is the measure (CRIU's dump and restore
// times, pages and image size per version and kernel): it runs only when named.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";
import { MEASURED_CYCLE } from "./support/perf.js";

export const scenario = defineScenario({
  name: "dirty-memory-64m",
  summary: "64 MiB of dirty anonymous memory: every word intact (a hash of all of it) after each restore; measured",
  program: "dirty_memory_64m",
  steps: MEASURED_CYCLE,
  inDefaultMatrix: false,
  // Seen: 4.1.1 and 4.2.1 on the 6.18 host (3.17.1 stops at criu check there); 3.17.1 and 4.1.1
  // on debian:6.1 in a VM.
  expectations: [{ criu: "3.17.1 || >=4.1.1 <=4.2.1", outcome: "pass" }],
});

await testScenario(scenario);
