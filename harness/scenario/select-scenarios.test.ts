import { expect, test } from "vitest";
import { defineScenario, type ScenarioDefinition } from "./define-scenario.js";
import { defaultMatrix } from "./select-scenarios.js";

const base: ScenarioDefinition = { name: "a", summary: "s", program: "sched_reset_on_fork", steps: ["start", "dump"], expectations: [] };

test("the default matrix leaves out the scenarios that say inDefaultMatrix: false, and only those", () => {
  const scenarios = [
    defineScenario({ ...base, name: "plain" }),
    defineScenario({ ...base, name: "measured", inDefaultMatrix: false }),
    defineScenario({ ...base, name: "explicit", inDefaultMatrix: true }),
  ];
  expect(defaultMatrix(scenarios).map((s) => s.name)).toEqual(["plain", "explicit"]);
});
