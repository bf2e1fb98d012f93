// RLIMIT_NOFILE/STACK/CORE lowered, umask 027, cwd <state>/sub/dir, comm "cl-renamed" and nice 7.
// The program chdirs BEFORE cl_ready (so the dump cannot race the chdir); cl_ready and the verdict file use
// argv[1], which the harness passes as the absolute /work/state (the program refuses a relative one).
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "rlimits-umask-cwd",
  summary: "rlimits (NOFILE, STACK, CORE), umask 027, a nested cwd, a PR_SET_NAME name and nice 7 survive restore",
  program: "rlimits_umask_cwd",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [{ criu: ">=3.0.0", outcome: "pass" }],
});

await testScenario(scenario);
