// A run killed with SIGKILL leaves containers; the next run removes them, and leaves none itself.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "vitest";
import { criuLab, labelledContainers } from "../support/cli.js";

test("a SIGKILLed run's containers are swept by the next run", async () => {
  const root = await mkdtemp(join(tmpdir(), "criu-lab-kill-"));
  const runId = `killed-${process.pid}`;
  const victim = criuLab(
    ["matrix", "--versions", "4.1.1,4.2.1", "--scenarios", "sched-reset-on-fork", "--results", root],
    { CRIU_LAB_RUN_ID: runId },
    true,
  );
  // A cell's container lives until the cell ends; probe containers come and go by themselves.
  const cellsOfRun = [`label=criu-lab.run=${runId}`, "label=criu-lab.role=cell"];
  let seen: string[] = [];
  for (let i = 0; i < 1200 && seen.length === 0; i++) {
    seen = await labelledContainers(...cellsOfRun);
    if (seen.length === 0) await sleep(25);
  }
  expect(seen.length, "the run never started a cell container").toBeGreaterThan(0);
  process.kill(-victim.pid!, "SIGKILL");
  await victim;
  expect((await labelledContainers(...cellsOfRun)).length, "SIGKILL left no container to sweep").toBeGreaterThan(0);

  const next = await criuLab(["matrix", "--versions", "4.1.1", "--scenarios", "sched-reset-on-fork", "--results", root]);
  expect(next.exitCode, next.all).toBe(0);
  expect(next.all).toMatch(/removed \d+ container\(s\) left by an earlier run that was killed/);
  expect(await labelledContainers()).toEqual([]);
});
