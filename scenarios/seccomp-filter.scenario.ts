// A seccomp BPF filter (uname -> ENOLINK via SECCOMP_RET_ERRNO, everything else allowed) with
// NO_NEW_PRIVS. CRIU reads filters with PTRACE_SECCOMP_GET_FILTER (feature "seccomp_filters") and
// installs them again at the end of the restore. The check: uname still fails with ENOLINK, and
// /proc/self/status says Seccomp: 2, Seccomp_filters: 1 (not stacked twice after re-restore),
// NoNewPrivs: 1; the harness checks the same status fields from outside.
// CRIU before v3.19 did not carry NO_NEW_PRIVS over: the restored process has the filter but
// NoNewPrivs: 0 (seen with 3.17.1 on Debian's 6.1 kernel in a VM). Upstream a605cc9f3 added it.
// Run on debian:6.1 with every release v3.14 .. v4.2 and the packaged 3.17.1, 4.1.1, 4.2.1: v3.14 to
// v3.18 lose NoNewPrivs (the xfail), v3.19 and later pass.
import type { OutsideCheck } from "../harness/scenario/outside-checks.js";
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

const seccompStatus: OutsideCheck = {
  describe: "/proc/PID/status shows Seccomp: 2, Seccomp_filters: 1, NoNewPrivs: 1",
  argv: (pid) => ["grep", "-E", "^(Seccomp|Seccomp_filters|NoNewPrivs):", `/proc/${pid}/status`],
  verify(output) {
    const field = (name: string) => new RegExp(`^${name}:\\s*(\\d+)`, "m").exec(output)?.[1];
    if (field("Seccomp") !== "2") return `Seccomp: ${field("Seccomp") ?? "(none)"}, want 2`;
    if (field("NoNewPrivs") !== "1") return `NoNewPrivs: ${field("NoNewPrivs") ?? "(none)"}, want 1`;
    const filters = field("Seccomp_filters");
    if (filters !== undefined && filters !== "1") return `Seccomp_filters: ${filters}, want 1`;
    return undefined;
  },
};

export const scenario = defineScenario({
  name: "seccomp-filter",
  summary: "a seccomp filter (uname -> ENOLINK) and NO_NEW_PRIVS stay in force, once, across dump and restore",
  program: "seccomp_filter",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  features: ["seccomp_filters"],
  outsideChecks: [seccompStatus],
  expectations: [
    {
      criu: "<3.19.0",
      outcome: "xfail",
      match: /NoNewPrivs: 0, want 1/,
      ref: "checkpoint-restore/criu a605cc9f3 \"prctl: Migrate prctl(NO_NEW_PRIVS) setting.\" (v3.19)",
    },
  ],
});

await testScenario(scenario);
