// Seed 000 (../shared/seeds/000_*): re-dumping a process that criu-ns restored fails on its terminal.
// A job on /dev/pts/N in its shell's session: `criu-ns dump --shell-job`, `criu-ns restore --shell-job`
// on a new pty, then dump and restore again. The reporter's CRIU 3.14 failed the re-dump with
//   Error (criu/files-reg.c:1371): Can't lookup mount=26 for fd=0 path=/dev/pts/0
// and saw it fixed in v3.18-201-ga9cbdad76. That build is just criu-dev's tip at the time (a9cbdad76 is
// an amdgpu plugin change). The fix is 2039d7320 "files-reg: skip failed mount lookup for shell-job's
// tty" (v3.18, issue #1893), which needs 9e91e62a7 "criu-ns: capture controlling tty" (v3.18): without
// it, a criu-ns restore of a shell job fails on the terminal ("Inappropriate ioctl").
// Run on debian:6.1 with every release v3.14 .. v4.2 and the packaged 3.17.1, 4.1.1, 4.2.1: v3.17 and
// v3.17.1 (git and packaged) fail the first criu-ns restore with "tty: Failed to set group 1 on 0:
// Inappropriate ioctl for device", the error 9e91e62a7 quotes; v3.18 and later pass.
import type { OutsideCheck } from "../harness/scenario/outside-checks.js";
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";
import { CRIU_NS_3_16 } from "./support/criu-ns.js";

const stdinIsPts: OutsideCheck = {
  describe: "fd 0 of the restored process is a /dev/pts/N",
  argv: (pid) => ["readlink", `/proc/${pid}/fd/0`],
  verify: (out) => (/^\/dev\/pts\/\d+$/.test(out.trim()) ? undefined : `fd 0 is ${out.trim()}`),
};

export const scenario = defineScenario({
  name: "pts-redump-criu-ns",
  summary: "a shell job on a pty survives criu-ns dump, restore, re-dump and re-restore",
  program: "pts_redump_criu_ns",
  criu: { wrapper: "criu-ns", shellJob: true },
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  outsideChecks: [stdinIsPts],
  expectations: [
    // criu-ns is what this scenario exercises; releases before it existed cannot run it at all.
    { criu: "<3.16.0", outcome: "unsupported", reason: "this CRIU release ships no criu-ns", ref: "checkpoint-restore/criu 2598f64fa (scripts/criu-ns, v3.16)" },
    { criu: ">=3.18.0", outcome: "pass" },
    // v3.16 and v3.16.1 fail earlier, at the first criu-ns dump (support/criu-ns.ts).
    ...CRIU_NS_3_16,
    {
      criu: "<3.18.0",
      outcome: "xfail",
      match: /Can't lookup mount=\d+ for fd=0|Inappropriate ioctl|Failed to set group/,
      ref: "checkpoint-restore/criu 2039d7320 \"files-reg: skip failed mount lookup for shell-job's tty\" + 9e91e62a7 \"criu-ns: capture controlling tty\" (v3.18, #1893)",
    },
  ],
});

await testScenario(scenario);
