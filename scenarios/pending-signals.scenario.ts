// Blocked pending signals: SIGUSR2 process-wide, SIGRTMIN+2 queued 3 times with sigqueue values, and
// SIGRTMIN+4 pending on the thread only; plus SA_SIGINFO|SA_RESTART handlers with a sa_mask. Each check
// reads sigpending and ShdPnd/SigPnd, consumes everything with sigtimedwait (values, order, count,
// si_code, si_pid) and queues it again for the next check. ZDTM: static/sigpending, static/sigaltstack.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "pending-signals",
  summary: "blocked pending standard and queued real-time signals (shared and per-thread) and SA_SIGINFO handlers survive",
  program: "pending_signals",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [{ criu: ">=3.0.0", outcome: "pass" }],
});

await testScenario(scenario);
