import { describe, expect, test } from "vitest";
import { defineScenario, type Scenario } from "./define-scenario.js";
import { expectationFor, expectationRecord } from "./expectation.js";

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

describe("expectationFor", () => {
  test.each([
    ["3.17.1", "xfail"],
    ["3.14", "xfail"],
    ["4.0", "pass"],
    ["4.2.1", "pass"],
  ])("CRIU %s is expected to %s", (version, outcome) => {
    expect(expectationFor(sched, { criu: version }).outcome).toBe(outcome);
  });

  test("a version no range covers is expected to pass", () => {
    const only = defineScenario({ ...sched, expectations: [{ criu: "<3.0.0", outcome: "pass" }] });
    expect(expectationFor(only, { criu: "4.1.1" })).toEqual({ criu: "*", outcome: "pass" });
  });
});

describe("cross-version expectations", () => {
  const cross = defineScenario({
    ...sched,
    name: "cross",
    expectations: [{ criu: ">=4.2.0", restoreCriu: "<4.2.0", outcome: "xfail", match: /ELF/, ref: "criu 2d2168fc9" }],
  });

  test("apply to the pair they name, in that direction only", () => {
    expect(expectationFor(cross, { criu: "4.2.1", restoreCriu: "4.1.1" }).outcome).toBe("xfail");
    expect(expectationFor(cross, { criu: "4.1.1", restoreCriu: "4.2.1" }).outcome).toBe("pass");
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
    expect(expectationFor(onOldKernels, { criu: "3.17.1", kernel: "6.1.0-50-amd64" }).outcome).toBe("xfail");
    expect(expectationFor(onOldKernels, { criu: "3.17.1", kernel: "6.12.117+deb13-amd64" }).outcome).toBe("pass");
    expect(expectationRecord(expectationFor(onOldKernels, { criu: "3.17.1", kernel: "6.1.0-50-amd64" }))).toEqual({ outcome: "xfail", range: "<4.0.0", kernel: "<6.2.0", ref: "upstream abc" });
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

  test("is recorded with its reason and reference", () => {
    expect(expectationRecord(expectationFor(needsTool, { criu: "3.14.0" }))).toEqual({ outcome: "unsupported", range: "<3.16.0", ref: "upstream 2598f64fa", reason: "no criu-ns" });
  });

  test("it needs a reason", () => {
    expect(() => defineScenario({ name: "no-reason", summary: "s", program: "sched_reset_on_fork", steps: ["start"], expectations: [{ criu: "<1.0.0", outcome: "unsupported", reason: "" }] }))
      .toThrow('unsupported for "<1.0.0" needs a reason');
  });
});

describe("known failures with no upstream issue", () => {
  test("are recorded as known, with no ref", () => {
    const memfd = defineScenario({ ...sched, name: "memfd", expectations: [{ criu: ">=4.1.0", outcome: "xfail", match: /No entry/, known: "exe on a memfd" }] });
    expect(expectationRecord(expectationFor(memfd, { criu: "4.2.1" }))).toEqual({ outcome: "xfail", range: ">=4.1.0", known: "exe on a memfd" });
  });

  test("need either a ref or known, not both", () => {
    const both = { criu: "*", outcome: "xfail", match: /x/, ref: "upstream 1", known: "k" } as never;
    expect(() => defineScenario({ ...sched, name: "both", expectations: [both] })).toThrow(/has both ref and known/);
    const neither = { criu: "*", outcome: "xfail", match: /x/ } as never;
    expect(() => defineScenario({ ...sched, name: "neither", expectations: [neither] })).toThrow(/needs a match pattern and a ref/);
  });
});
