// Bad input gets one line naming the problem, before any image is built.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { criuLab } from "../support/cli.js";

function errorLines(output: string): string[] {
  return output.split("\n").filter((l) => l.startsWith("criu-lab:"));
}

test("an unknown CRIU version", async () => {
  const r = await criuLab(["matrix", "--versions", "9.9"]);
  expect(r.exitCode).toBe(2);
  expect(errorLines(r.all)).toEqual([expect.stringMatching(/^criu-lab: unknown CRIU version "9\.9" \(criu-lab can offer 3\.17\.1 .*4\.2\.1/)]);
});

test("an unknown scenario", async () => {
  const r = await criuLab(["matrix", "--scenarios", "no-such-thing"]);
  expect(r.exitCode).toBe(2);
  expect(errorLines(r.all)).toEqual([expect.stringMatching(/unknown scenario "no-such-thing" \(known: .*sched-reset-on-fork/)]);
});

test("a malformed scenario", async () => {
  const dir = await mkdtemp(join(tmpdir(), "criu-lab-bad-"));
  const harness = fileURLToPath(new URL("../../harness/scenario/define-scenario.ts", import.meta.url));
  await writeFile(join(dir, "package.json"), '{ "type": "module" }\n');
  await writeFile(
    join(dir, "broken-range.scenario.ts"),
    `import { defineScenario } from ${JSON.stringify(harness)};
export const scenario = defineScenario({ name: "broken-range", summary: "x", program: "sched_reset_on_fork",
  steps: ["start", "dump"], expectations: [{ criu: "four-ish", outcome: "pass" }] });\n`,
  );
  const r = await criuLab(["matrix", "--scenarios", "broken-range"], { CRIU_LAB_SCENARIOS_DIR: dir });
  expect(r.exitCode).toBe(2);
  expect(errorLines(r.all)).toEqual([
    expect.stringMatching(/scenarios\/broken-range\.scenario\.ts: scenario broken-range: expectation range "four-ish" is not a semver range/),
  ]);
});

test("an unknown option", async () => {
  const r = await criuLab(["matrix", "--version", "4.1.1"]);
  expect(r.exitCode).toBe(2);
  expect(errorLines(r.all)[0]).toMatch(/Unknown option '--version'/);
});

test("an unknown kernel, and a kernel path that is not there", async () => {
  const r = await criuLab(["matrix", "--kernels", "host,fedora:40"]);
  expect(r.exitCode).toBe(2);
  expect(errorLines(r.all)).toEqual([expect.stringMatching(/^criu-lab: unknown kernel "fedora:40" \(kernels are host, debian:<series>/)]);
  const p = await criuLab(["matrix", "--kernels", "/nonexistent/bzImage"]);
  expect(p.exitCode).toBe(2);
  expect(errorLines(p.all)).toEqual([expect.stringMatching(/^criu-lab: kernel "\/nonexistent\/bzImage": \/nonexistent\/bzImage does not exist/)]);
});
