// Why criu-ns exists: restoring one checkpoint twice at once with plain `criu restore` needs the
// same pids twice in one pid namespace, so the second copy cannot be created:
//   Error (criu/cr-restore.c:...): Can't fork for N: File exists
// This is CRIU's design, not a bug: a restored task gets its dumped pid back. criu-ns (scripts/criu-ns,
// shipped since v3.16, 4381043a7 "criu-ns: Use PID 1 on restore") gives every copy its own pid
// namespace instead; see clone-criu-ns.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "clone-plain-criu-collides",
  summary: "two simultaneous plain criu restores of one checkpoint collide on the dumped pid",
  program: "clone_identity",
  steps: ["start", "dump", { step: "clone", copies: 2, wrapper: "criu" }, "check"],
  expectations: [
    {
      criu: "*",
      outcome: "xfail",
      match: /Can't fork for \d+: File exists|copies are alive/,
      ref: "by design: restored tasks keep their pids; criu-ns (scripts/criu-ns, v3.16: 4381043a7 \"criu-ns: Use PID 1 on restore\") restores each copy into its own pid namespace",
    },
  ],
});

await testScenario(scenario);
