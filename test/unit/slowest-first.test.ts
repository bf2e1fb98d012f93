// The test suite's file order: the committed slowest-first order on a host with no earlier run,
// vitest's measured order on one with a complete record.
import { expect, test } from "vitest";
import type { TestSpecification, Vitest } from "vitest/node";
import SlowestFirst from "../support/slowest-first.js";

const ROOT = "/clone";
const spec = (name: string): TestSpecification => ({ moduleId: `${ROOT}/test/integration/${name}.test.ts`, project: { name: "integration" } }) as unknown as TestSpecification;
const names = (files: TestSpecification[]) => files.map((f) => f.moduleId.split("/").pop()!.replace(".test.ts", ""));

function sequencer(durations: Record<string, number> | undefined): SlowestFirst {
  const result = (key: string) => (durations ? { duration: durations[key.split("/").pop()!.replace(".test.ts", "")] ?? 0, failed: false } : undefined);
  const ctx = { config: { root: ROOT }, cache: { getFileTestResults: result, getFileStats: () => undefined } };
  return new SlowestFirst(ctx as unknown as Vitest);
}

const FILES = ["cli-help", "bisect", "bad-input", "vm-reuse", "clean-clone"];

test("a host with no earlier run starts the measured slowest files first, the rest after in vitest's order", async () => {
  expect(names(await sequencer(undefined).sort(FILES.map(spec)))).toEqual(["vm-reuse", "bisect", "clean-clone", "cli-help", "bad-input"]);
});

test("a host with an earlier run of every file goes by that run: longest first", async () => {
  const last = { "cli-help": 9, bisect: 5, "bad-input": 30, "vm-reuse": 1, "clean-clone": 2 };
  expect(names(await sequencer(last).sort(FILES.map(spec)))).toEqual(["bad-input", "cli-help", "bisect", "clean-clone", "vm-reuse"]);
});
