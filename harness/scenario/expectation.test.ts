import { describe, expect, test } from "vitest";
import { defineScenario, type Scenario } from "./define-scenario.js";
import { declaredUnsupported, decideOutcome, expectationFor, expectationRecord } from "./expectation.js";

const sched: Scenario = defineScenario({
  name: "sched-reset-on-fork",
  summary: "test double",
  program: "sched_reset_on_fork",
  steps: ["start", "dump", "restore", "check"],
  expectations: [
    { criu: ">=4.0.0", outcome: "pass" },
    { criu: "<4.0.0", outcome: "xfail", match: /Inconsistent sched params/, ref: "criu 75fed59ef" },
  ],
});

const failed = (reason: string) => ({ kind: "failed" as const, step: "restore", reason, evidence: [reason] });

describe("expectationFor", () => {
  test.each([
    ["3.17.1", "xfail"],
    ["3.14", "xfail"],
    ["4.0", "pass"],
    ["4.2.1", "pass"],
  ])("CRIU %s is expected to %s", (version, outcome) => {
    expect(expectationFor(sched, version).outcome).toBe(outcome);
  });

  test("a version no range covers is expected to pass", () => {
    const only = defineScenario({ ...sched, expectations: [{ criu: "<3.0.0", outcome: "pass" }] });
    expect(expectationFor(only, "4.1.1")).toEqual({ criu: "*", outcome: "pass" });
  });
});

describe("decideOutcome", () => {
  const xfail = expectationFor(sched, "3.17.1");
  const pass = expectationFor(sched, "4.1.1");

  test("the expected failure is xfail", () => {
    const r = decideOutcome(failed("Error (criu/cr-restore.c:3071): Inconsistent sched params received (1073741825.0.0)"), xfail);
    expect(r.outcome).toBe("xfail");
    expect(r.reason).toMatch(/^restore: /);
  });

  test("another failure where one is expected is a fail that says so", () => {
    const r = decideOutcome(failed("Can't fork for 15: File exists"), xfail);
    expect(r.outcome).toBe("fail");
    expect(r.reason).toMatch(/not as expected/);
  });

  test("passing where a failure is expected is xpass", () => {
    expect(decideOutcome({ kind: "completed" }, xfail).outcome).toBe("xpass");
  });

  test("pass and fail where a pass is expected", () => {
    expect(decideOutcome({ kind: "completed" }, pass).outcome).toBe("pass");
    expect(decideOutcome(failed("boom"), pass)).toEqual({ outcome: "fail", reason: "restore: boom" });
  });

  test("environment outcomes pass through whatever is expected", () => {
    for (const kind of ["unsupported", "build-error", "harness-error"] as const) {
      expect(decideOutcome({ kind, reason: "why" }, xfail)).toEqual({ outcome: kind, reason: "why" });
    }
  });
});

describe("cross-version expectations", () => {
  const cross = defineScenario({
    ...sched,
    name: "cross",
    expectations: [{ criu: ">=4.2.0", restoreCriu: "<4.2.0", outcome: "xfail", match: /ELF/, ref: "criu 2d2168fc9" }],
  });

  test("apply to the pair they name, in that direction only", () => {
    expect(expectationFor(cross, "4.2.1", "4.1.1").outcome).toBe("xfail");
    expect(expectationFor(cross, "4.1.1", "4.2.1").outcome).toBe("pass");
  });
});

describe("kernel ranges", () => {
  const onOldKernels = defineScenario({
    name: "kernel-ranged",
    summary: "an xfail that only holds on kernels before 6.2",
    program: "sched_reset_on_fork",
    steps: ["start", "dump", "restore", "check"],
    expectations: [{ criu: "<4.0.0", kernel: "<6.2.0", outcome: "xfail", match: /Inconsistent/, ref: "upstream abc" }],
  });

  test("an expectation with a kernel range applies only on those kernels", () => {
    expect(expectationFor(onOldKernels, "3.17.1", undefined, "6.1.0-50-amd64").outcome).toBe("xfail");
    expect(expectationFor(onOldKernels, "3.17.1", undefined, "6.12.117+deb13-amd64").outcome).toBe("pass");
    expect(expectationRecord(expectationFor(onOldKernels, "3.17.1", undefined, "6.1.0-50-amd64"))).toEqual({ outcome: "xfail", range: "<4.0.0", kernel: "<6.2.0", ref: "upstream abc" });
  });

  test("a kernel range that is not semver is a scenario error", () => {
    expect(() => defineScenario({ name: "bad-kernel", summary: "s", program: "sched_reset_on_fork", steps: ["start"], expectations: [{ criu: "*", kernel: "six", outcome: "pass" }] }))
      .toThrow('expectation kernel range "six" is not a semver range');
  });
});

describe("declared unsupported", () => {
  const needsTool = defineScenario({
    name: "needs-criu-ns",
    summary: "a scenario that cannot run before criu-ns existed",
    program: "sched_reset_on_fork",
    steps: ["start", "dump", "restore", "check"],
    expectations: [{ criu: "<3.16.0", outcome: "unsupported", reason: "no criu-ns", ref: "upstream 2598f64fa" }],
  });

  test("a cell in the range is not run and says why, with the reference", () => {
    expect(declaredUnsupported(expectationFor(needsTool, "3.14.0"))).toBe("the scenario declares CRIU <3.16.0 unsupported: no criu-ns (upstream 2598f64fa)");
    expect(declaredUnsupported(expectationFor(needsTool, "3.17.1"))).toBeUndefined();
    expect(expectationRecord(expectationFor(needsTool, "3.14.0"))).toEqual({ outcome: "unsupported", range: "<3.16.0", ref: "upstream 2598f64fa", reason: "no criu-ns" });
  });

  test("it needs a reason", () => {
    expect(() => defineScenario({ name: "no-reason", summary: "s", program: "sched_reset_on_fork", steps: ["start"], expectations: [{ criu: "<1.0.0", outcome: "unsupported", reason: "" }] }))
      .toThrow('unsupported for "<1.0.0" needs a reason');
  });
});
