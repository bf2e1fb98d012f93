// Cloning with criu-ns (the reason the seed-000 user ran criu-ns at all): one checkpoint restored 4
// times at once, each copy detached in a fresh pid+mount namespace and alive at the same time. Each
// copy checks itself and writes its own file; then every copy is dumped again (the re-dump of a
// criu-ns restored process that broke in seed 000) and restored again once.
//
// criu-ns history that matters here (from CRIU's git):
// - 4381043a7 "criu-ns: Use PID 1 on restore" and 79742298 "Handle restore-detached option" (v3.16,
//   the first release that ships scripts/criu-ns): detached copies in their own pid namespace.
// - e3a853ab9 "criu-ns: make pidns init first do setsid" (v3.17, #232): before it, a restored tree
//   whose session leader is outside it fails "A session leader ... is outside of its pid namespace".
//   This program leads its own session, so it does not depend on that fix.
// - 9e91e62a7 "criu-ns: capture controlling tty" (v3.18): shell jobs only (see pts-redump-criu-ns).
// - cc607f810 "make --pidfile option show pid in caller pidns" (v3.19): before it, --pidfile holds the
//   pid inside the new namespace; criu-lab finds the copies from outside instead, on every version.
// - 733f16551 "Add --criu-binary argument to run_criu()" (v3.19): not needed here.
// Two criu-ns bugs of v3.16.x stop it at the first dump (both in the script, not in criu), see
// CRIU_NS_3_16 in support/criu-ns.ts. Run on debian:6.1 (Debian's 6.1 kernel in a VM) with every
// release from v3.14 to v4.2 and the packaged 3.17.1, 4.1.1 and 4.2.1: v3.14 and v3.15 have no
// criu-ns, v3.16 and v3.16.1 are those xfails, every later one passes.
import type { OutsideCheck } from "../harness/scenario/outside-checks.js";
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";
import { CRIU_NS_3_16 } from "./support/criu-ns.js";

/** Each copy runs with its dumped pid inside its own pid namespace (NSpid: outer inner). */
const keepsPidInItsNamespace: OutsideCheck = {
  describe: "NSpid shows an outer pid and, inside the copy's namespace, a second pid",
  argv: (pid) => ["grep", "^NSpid:", `/proc/${pid}/status`],
  verify: (out) => (out.trim().split(/\s+/).length >= 3 ? undefined : `not in a nested pid namespace: ${out.trim()}`),
};

export const scenario = defineScenario({
  name: "clone-criu-ns",
  summary: "one checkpoint restored 4 times at once with criu-ns; each copy checks itself, is re-dumped and restored again",
  program: "clone_identity",
  criu: { wrapper: "criu-ns" },
  steps: ["start", "dump", { step: "clone", copies: 4 }, "check", "dump", "restore", "check"],
  outsideChecks: [keepsPidInItsNamespace],
  expectations: [
    // criu-ns is what this scenario exercises; releases before it existed cannot run it at all.
    { criu: "<3.16.0", outcome: "unsupported", reason: "this CRIU release ships no criu-ns", ref: "checkpoint-restore/criu 2598f64fa (scripts/criu-ns, v3.16)" },
    ...CRIU_NS_3_16,
    { criu: ">=3.17.0", outcome: "pass" },
  ],
});

await testScenario(scenario);
