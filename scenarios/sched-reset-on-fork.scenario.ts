// Seed 003 (../shared/seeds/003_*): a SCHED_FIFO|SCHED_RESET_ON_FORK process loses its policy on restore.
// CRIU before v4.0 refused the reset-on-fork flag at restore: "Inconsistent sched params received
// (1073741825.0.0)" (1073741825 = SCHED_FIFO | SCHED_RESET_ON_FORK). Upstream added support in
// 75fed59ef "Add support for reset-on-fork scheduling flag", first released in v4.0.
// Run on debian:6.1 with every release v3.14 .. v4.2 and the packaged 3.17.1, 4.1.1, 4.2.1: v3.14 to
// v3.19 fail the first restore with that error, v4.0 and later pass.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { schedPolicy } from "../harness/scenario/outside-checks.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "sched-reset-on-fork",
  summary: "SCHED_FIFO|SCHED_RESET_ON_FORK at priority 99 survives dump, restore, re-dump and re-restore",
  program: "sched_reset_on_fork",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  outsideChecks: [schedPolicy("SCHED_FIFO|SCHED_RESET_ON_FORK", 99)],
  expectations: [
    { criu: ">=4.0.0", outcome: "pass" },
    {
      criu: "<4.0.0",
      outcome: "xfail",
      match: /Inconsistent sched params/,
      ref: "checkpoint-restore/criu 75fed59ef \"Add support for reset-on-fork scheduling flag\" (v4.0)",
    },
  ],
});

await testScenario(scenario);
