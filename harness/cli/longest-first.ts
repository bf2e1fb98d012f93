// Scenario files in the order their cells took longest in the last run, so the long ones start
// first and the run does not end waiting on one slow file. With no earlier run, vitest's own order.
import { basename } from "node:path";
import { BaseSequencer, type TestSequencerConstructor, type TestSpecification } from "vitest/node";
import type { Durations } from "../scenario/shard-plan.js";

/** Each scenario's weight: the summed time of its cells (ids are "<scenario>@..."). */
export function scenarioWeights(durations: Durations): Map<string, number> {
  const weights = new Map<string, number>();
  for (const [id, ms] of durations) {
    const scenario = id.split("@")[0]!;
    weights.set(scenario, (weights.get(scenario) ?? 0) + ms);
  }
  return weights;
}

export function longestFirst(weights: ReadonlyMap<string, number>): TestSequencerConstructor {
  const weightOf = (spec: TestSpecification) => weights.get(basename(spec.moduleId, ".scenario.ts")) ?? Number.MAX_SAFE_INTEGER;
  return class LongestFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      if (weights.size === 0) return super.sort(files);
      // A scenario the last run lacked goes first: its time is unknown, it may be the longest.
      return [...files].sort((a, b) => weightOf(b) - weightOf(a));
    }
  };
}
