// Per-thread scheduling beyond seed 003: threads in SCHED_RR priority 10, SCHED_BATCH nice 7,
// SCHED_IDLE, and SCHED_OTHER nice 5, the main thread in SCHED_OTHER nice 0. CRIU keeps policy,
// priority and nice per thread (thread_core sched_policy/sched_prio/sched_nice); the program checks
// each thread by tid, and chrt checks the main thread from outside. The threads sleep: the
// container's realtime budget is 20 ms/s.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { schedPolicy } from "../harness/scenario/outside-checks.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "sched-policies-nice",
  summary: "threads in SCHED_RR/10, SCHED_BATCH nice 7, SCHED_IDLE and SCHED_OTHER nice 5 keep them across dump and restore",
  program: "sched_policies_nice",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  outsideChecks: [schedPolicy("SCHED_OTHER", 0)],
  expectations: [],
});

await testScenario(scenario);
