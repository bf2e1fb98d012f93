// Private anonymous (COW-shared with a forked child, diverged on one page), shared anonymous (shared
// with the child), a MAP_SHARED file in the state dir (fd closed) and a memfd mapping, each with its
// own pattern. After restore both processes see their own contents, file/memfd contents match the
// mappings, and a write by the parent in the shared anonymous mapping is seen by the child and vice
// versa. ZDTM: static/maps00, static/shm, static/cow00, static/memfd00.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "memory-mappings",
  summary: "private/shared anonymous, shared file and memfd mappings keep contents and sharing with a child",
  program: "memory_mappings",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [{ criu: ">=3.0.0", outcome: "pass" }],
});

await testScenario(scenario);
