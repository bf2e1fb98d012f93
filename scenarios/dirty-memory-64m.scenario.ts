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
  // Seen on the 6.18 host with 4.1.1 and 4.2.1 (3.17.1 stops at criu check there).
  expectations: [{ criu: ">=4.1.1 <=4.2.1", outcome: "pass" }],
});

await testScenario(scenario);
