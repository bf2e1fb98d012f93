// The supported counterpart of pid-namespace: the dumped tree's root is the init (pid 1) of its own
// pid namespace, with a child (pid 2). A launcher forks the init into a new pid namespace, publishes
// its outer pid and exits; the init calls setsid() (a session leader outside the dumped tree would
// need --shell-job). CRIU sees the root in a pid namespace other than its own ("Will take pid
// namespace in the image") and the restore clones a new pid namespace for it, so the outer pid
// changes with every restore while getpid() inside stays 1 and 2.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "pid-namespace-root",
  summary: "a pid namespace's init (pid 1) and its child (pid 2) as the dumped tree keep their inner pids across dump and restore",
  program: "pid_namespace_root",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [],
});

await testScenario(scenario);
