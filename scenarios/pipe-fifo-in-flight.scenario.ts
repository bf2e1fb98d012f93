// A pipe with 1000 unread bytes whose write end is held by a forked child, and a FIFO in the state dir
// (both ends open in the parent) with 500 bytes in flight; each check reads the data back and re-arms it.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "pipe-fifo-in-flight",
  summary: "1000 bytes in a pipe shared with a child writer, and 500 bytes in a FIFO, are read back exactly",
  program: "pipe_fifo_in_flight",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [{ criu: ">=3.0.0", outcome: "pass" }],
});

await testScenario(scenario);
