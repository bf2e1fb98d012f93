// Threads blocked in nanosleep, in read() on an empty pipe and in waitpid() on a child, with a SIGUSR2
// handler installed without SA_RESTART. CRIU re-executes read/wait4 (-ERESTARTSYS) on restore, but
// nanosleep's -ERESTART_RESTARTBLOCK cannot be carried over: compel warns "Will restore <tid> with
// interrupted system call" and the thread returns EINTR with the remaining time, which it sleeps.
// After every restore each worker must be blocked again in its syscall, a SIGUSR2 to it must give
// EINTR (no SA_RESTART kept), and it must still work (reader gets a byte, waiter reaps its child).
// ZDTM: static/pthread01 (threads), static/sleeping00, static/wait00.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "interrupted-syscall",
  summary: "threads blocked in nanosleep/read/waitpid (no SA_RESTART) resume, see EINTR correctly and keep working",
  program: "interrupted_syscall",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [{ criu: ">=3.0.0", outcome: "pass" }],
});

await testScenario(scenario);
