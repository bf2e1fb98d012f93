// Property tests: defineScenario takes a well-formed scenario, and anything else (any field of any
// type, or one broken rule) is a one-line InputError naming the scenario and the problem; never a
// TypeError from deep inside the checks.
import fc from "fast-check";
import { expect, test } from "vitest";
import { InputError } from "../platform/errors.js";
import { anyText, inputErrorOf, oneLineNaming } from "../platform/input-error.test-helpers.js";
import { defineScenario, type ScenarioDefinition } from "./define-scenario.js";

const good: ScenarioDefinition = {
  name: "sched-reset-on-fork",
  summary: "a scheduling policy survives dump and restore",
  program: "sched_reset_on_fork",
  steps: ["start", "dump", "restore", "check"],
  expectations: [{ criu: ">=4.0.0", outcome: "pass" }, { criu: "<4.0.0", outcome: "xfail", match: /sched/, ref: "abc" }],
};

/** Each field: its good value, a value of another good shape, or anything at all. */
const field = <T>(value: T, ...others: unknown[]) => fc.oneof({ arbitrary: fc.constant(value), weight: 3 }, fc.constantFrom(undefined, ...others), fc.anything());

const definitions = fc.record({
  name: field(good.name, "Bad Name", "", "x"),
  summary: field(good.summary, ""),
  program: field(good.program, "no_such_program", "../etc/passwd"),
  steps: field(good.steps, [], ["dump"], ["start", "restore"], ["start", { step: "exec" }], ["start", { step: "clone", copies: 0 }], ["start", "teleport"], ["start", 7], [null]),
  expectations: field(good.expectations, [{ criu: "four-ish", outcome: "pass" }], [{ criu: ">=1", outcome: "fial" }], [{ criu: "<4", outcome: "xfail", match: "x", ref: "r" }], [null], [{ outcome: "pass" }]),
  criu: field(undefined, { wrapper: "criu-ns" }, { wrapper: "crun" }, { shellJob: "yes" }),
  features: field(undefined, ["seccomp_filters"], [1], "seccomp"),
  crossVersion: field(undefined, true, "true"),
  dumpArgs: field(undefined, ["--tcp-established"], "--tcp-established"),
}, { requiredKeys: [] });

test("any definition is a frozen scenario or a one-line InputError naming the scenario", async () => {
  await fc.assert(fc.asyncProperty(definitions, async (def) => {
    const e = await inputErrorOf(() => defineScenario(def as unknown as ScenarioDefinition));
    if (!e) return Object.isFrozen(defineScenario(def as unknown as ScenarioDefinition));
    const name = typeof def.name === "string" && def.name ? def.name : "(unnamed)";
    return oneLineNaming(e, `scenario ${name}`);
  }), { numRuns: 2000 });
});

test("not even an object: a one-line InputError", async () => {
  await fc.assert(fc.asyncProperty(fc.anything().filter((x) => typeof x !== "object" || x === null || Array.isArray(x)), async (junk) => {
    const e = await inputErrorOf(() => defineScenario(junk as unknown as ScenarioDefinition));
    return e instanceof InputError && oneLineNaming(e, "scenario (unnamed)");
  }), { numRuns: 200 });
});

test("one broken rule in a good scenario is an error naming the bad value", () => {
  const cases: [Partial<Record<keyof ScenarioDefinition, unknown>>, string][] = [
    [{ name: "Bad Name" }, '"Bad Name"'],
    [{ program: "no_such_program" }, '"no_such_program"'],
    [{ steps: ["start", "teleport"] }, '"teleport"'],
    [{ steps: ["start", 7] }, "a step is 7"],
    [{ steps: ["start", { step: "clone", copies: 1.5 }] }, "copies is 1.5"],
    [{ expectations: [{ criu: "four-ish", outcome: "pass" }] }, '"four-ish"'],
    [{ expectations: [{ criu: ">=1.0.0", outcome: "fial" }] }, '"fial"'],
    [{ expectations: [{ criu: ">=1.0.0", outcome: "pass", kernel: "six" }] }, '"six"'],
    [{ criu: { wrapper: "crun" } }, '"crun"'],
    [{ features: ["x", 1] }, "features holds 1"],
    [{ crossVersion: "true" }, 'crossVersion is "true"'],
  ];
  for (const [patch, named] of cases) {
    let error: unknown;
    try {
      defineScenario({ ...good, ...patch } as ScenarioDefinition);
    } catch (e) {
      error = e;
    }
    expect(error, JSON.stringify(patch)).toBeInstanceOf(InputError);
    expect(oneLineNaming(error as InputError, named), (error as InputError).oneLine()).toBe(true);
  }
});

test("a name with any characters in it is named on one line", async () => {
  await fc.assert(fc.asyncProperty(fc.string(anyText).filter((s) => s.length > 0), async (name) => {
    const e = await inputErrorOf(() => defineScenario({ ...good, name }));
    return e === undefined ? /^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) : oneLineNaming(e, `scenario ${name}`);
  }), { numRuns: 500 });
});
