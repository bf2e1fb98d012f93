// Regular files open at offsets with O_RDWR, O_RDONLY|O_NONBLOCK, O_WRONLY|O_APPEND and O_CLOEXEC,
// plus a dup() sharing the O_RDWR offset; the program checks offsets, F_GETFL, F_GETFD and content.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "open-file-offset",
  summary: "regular files keep their offsets, access modes, O_APPEND/O_NONBLOCK, FD_CLOEXEC and a dup's shared offset",
  program: "open_file_offset",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [{ criu: ">=3.0.0", outcome: "pass" }],
});

await testScenario(scenario);
