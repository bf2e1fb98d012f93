import { describe, expect, test } from "vitest";
import { defineScenario, type ScenarioDefinition } from "./define-scenario.js";
import { stepName } from "./steps.js";

const good: ScenarioDefinition = {
  name: "sched-reset-on-fork",
  summary: "s",
  program: "sched_reset_on_fork",
  steps: ["start", "dump", "restore", "check"],
  expectations: [],
};

describe("defineScenario rejects malformed scenarios with a message naming the problem", () => {
  test.each<[string, Partial<ScenarioDefinition>, RegExp]>([
    ["a bad name", { name: "Sched Reset" }, /name "Sched Reset" must be kebab-case/],
    ["a missing program", { program: "no_such_program" }, /program "no_such_program" has no source/],
    ["an unknown step", { steps: ["start", "teleport" as never] }, /unknown step "teleport"/],
    ["no start", { steps: ["dump"] }, /must begin with "start"/],
    ["restore before dump", { steps: ["start", "restore"] }, /"restore" step comes before any "dump"/],
    ["a bad range", { expectations: [{ criu: "four-ish", outcome: "pass" }] }, /"four-ish" is not a semver range/],
    ["a clone before any dump", { steps: ["start", { step: "clone", copies: 2 }] }, /"clone" step comes before any "dump"/],
    ["a clone of a shell job", { criu: { shellJob: true }, steps: ["start", "dump", { step: "clone" }] }, /does not go with shellJob/],
    ["an exec without a command", { steps: ["start", { step: "exec" }] }, /"exec" step needs a "run" command/],
    ["a cross-version scenario without migrate", { crossVersion: true }, /needs a "migrate" step/],
    ["an xfail without ref", { expectations: [{ criu: "<4", outcome: "xfail", match: /x/, ref: "" }] }, /needs a match pattern and a ref/],
  ])("%s", (_, patch, message) => {
    expect(() => defineScenario({ ...good, ...patch })).toThrow(message);
  });

  test("a good one is frozen", () => {
    expect(Object.isFrozen(defineScenario(good))).toBe(true);
  });
});

test("steps are named the way people say them", () => {
  expect([1, 2, 3].map((n) => stepName("dump", n))).toEqual(["dump", "re-dump", "dump-3"]);
});
