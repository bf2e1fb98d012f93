// ITIMER_REAL/VIRTUAL/PROF armed with long intervals, and two POSIX timers created after a deleted one
// (ids not starting at 0): a periodic 100 ms CLOCK_MONOTONIC timer signalling SIGRTMIN+1 and a one-shot
// CLOCK_BOOTTIME timer (SIGEV_NONE). After restore the timer ids still answer, intervals are kept,
// remaining values are sane and the periodic timer keeps signalling (count grows between checks).
// ZDTM: static/itimer, static/posix_timers. CRIU v4.2 restores timer ids with
// prctl(PR_TIMER_CREATE_RESTORE_IDS) where the kernel has it (criu 5ff52326e "restore: use the new
// kernel interface to restore timers", kernel commit ec2d0c04624b; this host's 6.18 has it); 4.1.1
// still creates timers until the kernel hands out the wanted id. Both pass here.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "itimers-posix-timers",
  summary: "itimers and POSIX timers (periodic signalling + one-shot) stay armed with their ids and intervals",
  program: "itimers_posix_timers",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [{ criu: ">=3.0.0", outcome: "pass" }],
});

await testScenario(scenario);
