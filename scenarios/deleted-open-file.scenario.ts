// A file unlinked while open (fd at offset 4321) and a file unlinked while MAP_SHARED-mapped: CRIU saves
// both as ghost files; after restore content, offset, st_nlink == 0 and the "(deleted)" mapping are checked.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "deleted-open-file",
  summary: "unlinked files held open or mmap'ed (CRIU ghost files) keep their content and stay unlinked",
  program: "deleted_open_file",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [{ criu: ">=3.0.0", outcome: "pass" }],
});

await testScenario(scenario);
