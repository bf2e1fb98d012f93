// Live migration in its simplest form: dump in one container, copy the images and the process's
// files into a fresh container of the same image, restore there, then re-dump and re-restore.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "migrate-to-new-container",
  summary: "a process tree with heap, pipes and an open file restores in another container",
  program: "migration_state",
  steps: ["start", "dump", "migrate", "restore", "check", "dump", "restore", "check"],
  expectations: [],
});

await testScenario(scenario);
