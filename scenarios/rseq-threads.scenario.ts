// rseq as glibc >= 2.35 registers it in every thread: 4 threads and the main thread each check
// their own area (thread pointer + __rseq_offset): cpu_id >= 0 and equal to the getcpu syscall, and
// the kernel still holds that exact registration (a second rseq() with glibc's size and RSEQ_SIG
// fails with EBUSY). CRIU dumps each thread's registration with PTRACE_GET_RSEQ_CONFIGURATION
// (criu/cr-dump.c dump_thread_rseq; kernel >= 5.13, feature "get_rseq_conf") and registers it again
// in the restorer; without the ptrace request it refuses to dump a task with rseq registered.
// rseq support came in v3.17 (f81e3062c "rseq: initial support", bd9ee3255 for the feature): v3.14 to
// v3.16.1 say "Unknown feature get_rseq_conf", so their cells are unsupported. The images of v3.14 ..
// v3.17.1 built from git are bullseye (glibc 2.31, no rseq of its own): there the program registers
// rseq in each thread itself. Run on debian:6.1 with every release v3.14 .. v4.2 and the packaged
// 3.17.1, 4.1.1, 4.2.1: v3.17 and later pass.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "rseq-threads",
  summary: "glibc's per-thread rseq registration survives dump and restore in 4 threads and the main thread",
  program: "rseq_threads",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  features: ["get_rseq_conf"],
  expectations: [],
});

await testScenario(scenario);
