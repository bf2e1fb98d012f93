// A fork tree (root -> 2 children -> 1 grandchild each) with 3 threads in the root: after restore and
// re-restore every process is alive under the same parent, processes and threads still run, and each
// thread keeps its own TLS value. ZDTM covers the pieces separately (static/pthread00, static/groups);
// this is the shape of an ordinary multi-process, multi-threaded service.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "process-tree",
  summary: "a 3-level fork tree plus 3 threads in the root keeps parents, liveness and per-thread TLS",
  program: "process_tree",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [{ criu: ">=3.0.0", outcome: "pass" }],
});

await testScenario(scenario);
