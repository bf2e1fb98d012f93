// Fault: a CRIU call or a scenario command hangs. --step-timeout ends it: the cell says "timed out
// after N s" in the step that hung, a hung CRIU is a fail and a hung command a harness-error, and
// nothing the hung step started outlives its cell.
import { execa } from "execa";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, expect, test } from "vitest";
import type { CellRecord } from "../../harness/results/outcome.js";
import { criuLab, labelledContainers, readSummary } from "../support/cli.js";
import { tempScenarios, type TempScenarios } from "../support/temp-scenarios.js";

// Unique sleeps: whatever still runs them on the host after their cell is a leftover of the hang.
const CRIU_HANG = "sleep 8881";
const EXEC_HANG = "sleep 7771";

let temp: TempScenarios | undefined;
let root: string | undefined;
afterAll(async () => {
  await temp?.cleanup();
  if (root) await rm(root, { recursive: true, force: true });
});

async function hungProcesses(): Promise<string> {
  const r = await execa("pgrep", ["-af", `${CRIU_HANG}|${EXEC_HANG}`], { reject: false });
  return r.stdout.trim();
}

test("a hung CRIU is a fail and a hung scenario command a harness-error, each 'timed out after 3 s', nothing left", async () => {
  temp = await tempScenarios({
    // CRIU runs its action script at pre-dump and waits for it: a CRIU call that never returns.
    "hung-criu-dump": `{ name: "hung-criu-dump", summary: "criu dump waits forever on its action script", program: "sched_reset_on_fork",
      steps: ["start", { step: "exec", run: "printf '#!/bin/sh\\\\n${CRIU_HANG}\\\\n' > /work/hang.sh && chmod +x /work/hang.sh" }, "dump", "restore", "check"],
      dumpArgs: ["--action-script", "/work/hang.sh"], expectations: [{ criu: "*", outcome: "pass" }] }`,
    "hung-exec-step": `{ name: "hung-exec-step", summary: "a scenario command that never returns", program: "sched_reset_on_fork",
      steps: ["start", { step: "exec", run: "${EXEC_HANG}" }, "dump", "restore", "check"], expectations: [{ criu: "*", outcome: "pass" }] }`,
  });
  root = await mkdtemp(join(tmpdir(), "criu-lab-hang-"));
  const runId = `hang-${process.pid}`;
  const run = criuLab(
    ["matrix", "--versions", "4.1.1", "--scenarios", "hung-criu-dump,hung-exec-step", "--step-timeout", "3", "--parallel", "1", "--results", root],
    { ...temp.env, CRIU_LAB_RUN_ID: runId },
  );
  // As each cell's record appears, what its hung step started must already be gone.
  const checked = new Map<string, string>();
  const cellsDir = join(root, runId, "cells");
  while (run.exitCode === null && checked.size < 2) {
    for (const name of ["hung-criu-dump@4.1.1.json", "hung-exec-step@4.1.1.json"]) {
      if (checked.has(name)) continue;
      const text = await readFile(join(cellsDir, name), "utf8").catch(() => undefined);
      if (text !== undefined) checked.set(name, await hungProcesses());
    }
    await sleep(25);
  }
  const r = await run;
  expect(r.exitCode, r.all).toBe(1);
  expect([...checked.values()], "a hung process outlived its cell (or a cell record never appeared)").toEqual(["", ""]);

  const cells = new Map((await readSummary(root)).cells.map((c) => [c.scenario, c]));
  const cell = async (s: string) => JSON.parse(await readFile(join(cellsDir, `${s}@4.1.1.json`), "utf8")) as CellRecord;

  const criu = await cell("hung-criu-dump");
  expect([cells.get("hung-criu-dump")?.outcome, criu.decidedBy, criu.stepTimeoutSeconds]).toEqual(["fail", "step-timeout", 3]);
  expect(criu.reason).toMatch(/^dump: dump timed out after 3 s \(CRIU hung and was killed\)/);
  const dump = criu.steps.find((s) => s.name === "dump");
  expect(dump?.error).toMatch(/timed out after 3 s/);
  expect(dump?.ms).toBeGreaterThanOrEqual(3000);
  expect(criu.steps.map((s) => s.name)).toEqual(["start", "exec", "dump"]);

  const exec = await cell("hung-exec-step");
  expect([cells.get("hung-exec-step")?.outcome, exec.decidedBy, exec.stepTimeoutSeconds]).toEqual(["harness-error", "step-timeout", 3]);
  expect(exec.reason).toBe(`exec: \`${EXEC_HANG}\` timed out after 3 s`);
  expect(exec.steps.map((s) => s.name)).toEqual(["start", "exec"]);

  expect(await hungProcesses()).toBe("");
  expect(await labelledContainers(`label=criu-lab.run=${runId}`)).toEqual([]);
});
