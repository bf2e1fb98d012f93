// A thread spinning on clock_gettime(CLOCK_MONOTONIC / CLOCK_BOOTTIME) through the vDSO, so it is often
// seized inside the vDSO. After restore and re-restore: no backwards step in the thread or between
// checks, the thread still advances, and vDSO and syscall readings interleave in order (the restored
// vDSO/vvar are live, not a stale copy). ZDTM: static/vdso00..03, static/vdso-proxy.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "vdso-clock-monotonic",
  summary: "CLOCK_MONOTONIC/CLOCK_BOOTTIME through the vDSO never go back and stay live across restores",
  program: "vdso_clock_monotonic",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [{ criu: ">=3.0.0", outcome: "pass" }],
});

await testScenario(scenario);
