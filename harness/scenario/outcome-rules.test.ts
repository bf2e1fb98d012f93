import { describe, expect, test } from "vitest";
import type { Expectation } from "./define-scenario.js";
import { decideBeforeRun, decideCell, RULE_ORDER, stopsCell, type Blocker, type CellFacts, type StepFact } from "./outcome-rules.js";

const pass: Expectation = { criu: ">=4.0.0", outcome: "pass" };
const xfail: Expectation = { criu: "<4.0.0", outcome: "xfail", match: /Inconsistent sched params/, ref: "criu 75fed59ef" };
const known: Expectation = { criu: ">=4.1.0", outcome: "xfail", match: /No entry for reg-file-ID/, known: "exe on a memfd" };
const declared: Expectation = { criu: "<3.16.0", outcome: "unsupported", reason: "no criu-ns", ref: "upstream 2598f64fa" };

const ok = (name: string): StepFact => ({ name, mayFail: false });
const failed = (name: string, reason: string, more: Partial<StepFact> = {}): StepFact => ({ name, mayFail: false, failure: { reason, evidence: [reason] }, ...more });
const hung = (name: string): StepFact => ({ name, mayFail: false, harnessError: "engine gone" });
const timedOut = (name: string, by: "criu" | "harness", more: Partial<StepFact> = {}): StepFact => {
  const why = `${name} timed out after 3 s`;
  return { name, mayFail: false, timedOut: { seconds: 3, by }, ...(by === "criu" ? { failure: { reason: why, evidence: [] } } : { harnessError: why }), ...more };
};
const block = (kind: Blocker["kind"], reason: string = kind): Blocker => ({ kind, reason });

const SCHED_ERROR = "restore exited 1: Error (criu/cr-restore.c:3071): Inconsistent sched params received (1073741825.0.0)";
const VDSO = "Error (criu/vdso.c:99): vdso: Unexpected rt vDSO area bounds";
const RSEQ = "Error (criu/cr-dump.c:1): has rseq but kernel lacks get_rseq_conf feature";

describe("the rule book decides every outcome (first rule that speaks wins)", () => {
  test.each<[string, CellFacts, string, string]>([
    // Before any step: the order of blockers.
    ["declared unsupported beats a build error", { expectation: declared, blockers: [block("criu-build-error")] }, "unsupported", "declared-unsupported"],
    ["a CRIU build error beats an unavailable VM", { expectation: pass, blockers: [block("unavailable"), block("criu-build-error")] }, "build-error", "criu-build-error"],
    ["an unavailable image or VM is a harness-error", { expectation: pass, blockers: [block("unavailable")] }, "harness-error", "unavailable"],
    ["an unavailable VM beats a program that does not compile", { expectation: pass, blockers: [block("program-build-error"), block("unavailable")] }, "harness-error", "unavailable"],
    ["a program that does not compile is a build-error", { expectation: xfail, blockers: [block("program-build-error")] }, "build-error", "program-build-error"],
    ["a build error beats a kernel limit at criu check", { expectation: pass, blockers: [block("kernel-limit"), block("program-build-error")] }, "build-error", "program-build-error"],
    ["criu check's kernel limit is unsupported", { expectation: xfail, blockers: [block("kernel-limit")] }, "unsupported", "kernel-limit-at-check"],
    ["a missing feature is unsupported", { expectation: pass, blockers: [block("missing-feature")], steps: [] }, "unsupported", "missing-feature"],
    // The steps: only the step that stopped the cell speaks.
    ["every step passing is a pass", { expectation: pass, blockers: [], steps: [ok("start"), ok("dump")] }, "pass", "completed"],
    ["every step passing where a failure is expected is xpass", { expectation: xfail, blockers: [], steps: [ok("start"), ok("dump")] }, "xpass", "completed"],
    ["the expected failure is xfail", { expectation: xfail, blockers: [], steps: [ok("start"), failed("restore", SCHED_ERROR)] }, "xfail", "expected-failure"],
    ["a known failure with no upstream issue is xfail too", { expectation: known, blockers: [], steps: [failed("restore", "Error (criu/files-reg.c:2592): No entry for reg-file-ID 0x6")] }, "xfail", "expected-failure"],
    ["another failure where one is expected is a fail", { expectation: xfail, blockers: [], steps: [failed("restore", "Can't fork for 15: File exists")] }, "fail", "unexpected-failure"],
    ["a failure where a pass is expected is a fail", { expectation: pass, blockers: [], steps: [failed("restore", "boom")] }, "fail", "unexpected-failure"],
    ["a step failing on a kernel limit is unsupported", { expectation: pass, blockers: [], steps: [failed("dump", RSEQ)] }, "unsupported", "step-limit"],
    ["a kernel limit seen only in the log tail counts", { expectation: pass, blockers: [], steps: [failed("dump", "dump exited 1", { failure: { reason: "dump exited 1", evidence: [], logTail: [VDSO] } })] }, "unsupported", "step-limit"],
    ["an xfail that matches beats a kernel limit in the same step", { expectation: { ...xfail, match: /rseq/ }, blockers: [], steps: [failed("dump", RSEQ)] }, "xfail", "expected-failure"],
    ["a kernel limit beats an xfail that does not match", { expectation: xfail, blockers: [], steps: [failed("dump", RSEQ)] }, "unsupported", "step-limit"],
    ["a harness error in a step beats everything after it", { expectation: xfail, blockers: [], steps: [ok("start"), hung("dump")] }, "harness-error", "step-harness-error"],
    ["a may-fail step's failure is recorded, not decisive", { expectation: pass, blockers: [], steps: [failed("restore-without-dir", "Can't bind", { mayFail: true }), ok("restore")] }, "pass", "completed"],
    ["a may-fail step on a kernel limit does not stop the cell", { expectation: pass, blockers: [], steps: [failed("probe", RSEQ, { mayFail: true }), ok("dump")] }, "pass", "completed"],
    ["a harness error in a may-fail step still stops the cell", { expectation: pass, blockers: [], steps: [{ ...hung("probe"), mayFail: true }] }, "harness-error", "step-harness-error"],
    // Faults: a hung step, a hit memory or pid limit.
    ["a hung CRIU is a fail", { expectation: pass, blockers: [], steps: [ok("start"), timedOut("dump", "criu")] }, "fail", "step-timeout"],
    ["a hung CRIU is a fail, never the expected failure", { expectation: { ...xfail, match: /timed out/ }, blockers: [], steps: [timedOut("dump", "criu")] }, "fail", "step-timeout"],
    ["a hung CRIU is a fail, not a kernel limit its log happens to show", { expectation: pass, blockers: [], steps: [timedOut("dump", "criu", { failure: { reason: "dump timed out after 3 s", evidence: [RSEQ] } })] }, "fail", "step-timeout"],
    ["a hung scenario or harness command is a harness-error", { expectation: pass, blockers: [], steps: [ok("start"), timedOut("exec", "harness")] }, "harness-error", "step-timeout"],
    ["a hung step allowed to fail still stops the cell", { expectation: pass, blockers: [], steps: [timedOut("restore-without-dir", "criu", { mayFail: true }), ok("restore")] }, "fail", "step-timeout"],
    ["a program killed at the memory limit is a fail, though start calls it a harness error", { expectation: pass, blockers: [], steps: [{ ...hung("start"), limitHit: "out of memory" }] }, "fail", "resource-limit"],
    ["a fork bomb stopped at the pid limit is a fail, even where a failure is expected", { expectation: xfail, blockers: [], steps: [failed("check", SCHED_ERROR, { limitHit: "pid limit" })] }, "fail", "resource-limit"],
    ["a hit limit beats the time-out it caused", { expectation: pass, blockers: [], steps: [timedOut("dump", "criu", { limitHit: "pid limit" })] }, "fail", "resource-limit"],
    ["the first stopping step speaks, not a later one", { expectation: xfail, blockers: [], steps: [failed("restore", SCHED_ERROR), hung("re-dump")] }, "xfail", "expected-failure"],
  ])("%s", (_, facts, outcome, rule) => {
    const d = decideCell(facts);
    expect([d.outcome, d.rule]).toEqual([outcome, rule]);
  });

  test("reasons name the step and keep CRIU's words", () => {
    expect(decideCell({ expectation: xfail, blockers: [], steps: [failed("restore", SCHED_ERROR)] }).reason).toBe(`restore: ${SCHED_ERROR}`);
    expect(decideCell({ expectation: xfail, blockers: [], steps: [failed("restore", "boom")] }).reason).toBe("failed, but not as expected (/Inconsistent sched params/): restore: boom");
    expect(decideCell({ expectation: known, blockers: [], steps: [ok("dump")] }).reason).toBe("expected to fail (known, no upstream issue: exe on a memfd) but every step passed");
    expect(decideCell({ expectation: pass, blockers: [], steps: [timedOut("dump", "criu")] }).reason).toBe("dump: dump timed out after 3 s");
    expect(decideCell({ expectation: pass, blockers: [], steps: [{ ...hung("start"), limitHit: "fork failed: pid limit" }] }).reason).toBe("start: fork failed: pid limit");
    expect(decideBeforeRun({ expectation: declared, blockers: [] })?.reason).toBe("the scenario declares CRIU <3.16.0 unsupported: no criu-ns (upstream 2598f64fa)");
  });

  test("before the run, only blockers and declared ranges decide; otherwise the cell runs", () => {
    expect(decideBeforeRun({ expectation: pass, blockers: [] })).toBeUndefined();
    expect(decideBeforeRun({ expectation: xfail, blockers: [] })).toBeUndefined();
    expect(decideBeforeRun({ expectation: pass, blockers: [block("kernel-limit", "vdso")] })).toEqual({ outcome: "unsupported", reason: "vdso", rule: "kernel-limit-at-check" });
  });

  test("a cell stops at a failure not allowed, or a harness error; never at an allowed failure", () => {
    expect(stopsCell(failed("dump", "x"))).toBe(true);
    expect(stopsCell(hung("dump"))).toBe(true);
    expect(stopsCell(failed("dump", "x", { mayFail: true }))).toBe(false);
    expect(stopsCell(ok("dump"))).toBe(false);
    expect(stopsCell(timedOut("dump", "criu", { mayFail: true }))).toBe(true);
    expect(stopsCell({ ...ok("check"), limitHit: "out of memory" })).toBe(true);
  });

  test("every rule is in the written order once", () => {
    expect(new Set(RULE_ORDER).size).toBe(RULE_ORDER.length);
  });
});
