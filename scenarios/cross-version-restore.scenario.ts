// Images written by one CRIU version, restored (and re-dumped, re-restored) by another, in both
// directions for every pair of versions in the run. CRIU promises nothing here and no upstream test
// covers it: the table records what happens, with the CRIU error when it fails. The program is
// static, so the other image's libc does not get in the way.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "cross-version-restore",
  summary: "dump with CRIU A, restore, re-dump and re-restore with CRIU B",
  program: "migration_state",
  crossVersion: true,
  steps: ["start", "dump", "migrate", "restore", "check", "dump", "restore", "check"],
  expectations: [],
});

await testScenario(scenario);
