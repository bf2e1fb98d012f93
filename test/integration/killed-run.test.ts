// A run killed with SIGKILL leaves containers; the next run removes them, and leaves none itself.
// A run stopped with Ctrl-C removes its containers and its vitest workers at once.
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "vitest";
import { criuLab, labelledContainers, readSummary } from "../support/cli.js";

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
  expect(next.all).toMatch(/removed \d+ container\(s\)( or VM\(s\))? left by an earlier run that was killed/);
  expect(await labelledContainers(`label=criu-lab.run=${runId}`)).toEqual([]);
  expect(await labelledContainers(`label=criu-lab.run=${(await readSummary(root)).runId}`)).toEqual([]);
});

/** Processes whose environment carries this run id (vitest workers of the run included). */
function processesOfRun(runId: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, "utf8").split("\0").includes(`CRIU_LAB_RUN_ID=${runId}`)) found.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

test("Ctrl-C (SIGINT) removes the run's containers and leaves no process of the run behind", async () => {
  const root = await mkdtemp(join(tmpdir(), "criu-lab-sigint-"));
  const runId = `sigint-${process.pid}`;
  const run = criuLab(
    ["matrix", "--versions", "4.1.1,4.2.1", "--scenarios", "clone-criu-ns,pts-redump-criu-ns,x11-socket-dir-missing", "--results", root],
    { CRIU_LAB_RUN_ID: runId },
  );
  const cellsOfRun = [`label=criu-lab.run=${runId}`, "label=criu-lab.role=cell"];
  let seen: string[] = [];
  for (let i = 0; i < 1200 && seen.length === 0; i++) {
    seen = await labelledContainers(...cellsOfRun);
    if (seen.length === 0) await sleep(25);
  }
  expect(seen.length, "the run never started a cell container").toBeGreaterThan(0);
  run.kill("SIGINT");
  const result = await run;
  expect(result.exitCode, result.all).toBe(130);
  expect(result.all).toMatch(/SIGINT: removing this run's containers/);
  expect(await labelledContainers(`label=criu-lab.run=${runId}`)).toEqual([]);
  await sleep(500);
  expect(processesOfRun(runId)).toEqual([]);
});
