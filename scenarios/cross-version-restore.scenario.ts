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
  expectations: [
    {
      // Seen here on kernel 6.18: images of 4.2.1 restored by 4.1.1 fail in the restorer's vDSO parser.
      criu: ">=4.2.0",
      restoreCriu: "<4.2.0",
      outcome: "xfail",
      match: /ELF header magic mismatch/,
      ref: "checkpoint-restore/criu 2d2168fc9 \"vdso: relax EI_OSABI check to support linux in ELF header\" (v4.2, #2751): older restorers reject a vDSO whose EI_OSABI is Linux",
    },
  ],
});

await testScenario(scenario);
