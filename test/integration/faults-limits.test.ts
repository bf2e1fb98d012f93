// Fault: a program that eats all memory, and one that fork-bombs. Containers run with a memory and
// a pid limit: the kernel stops each program in its container, the host stays up, and the cell is
// a fail that names the limit.
import { execa } from "execa";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";
import { CELL_MEMORY_LIMIT_MIB, CELL_PIDS_LIMIT } from "../../harness/executors/resource-limits.js";
import type { CellRecord } from "../../harness/results/outcome.js";
import { criuLab, labelledContainers } from "../support/cli.js";
import { tempScenarios, type TempScenarios } from "../support/temp-scenarios.js";

const PROGRAMS = fileURLToPath(new URL("./fault-programs/", import.meta.url));

let temp: TempScenarios | undefined;
let root: string | undefined;
afterAll(async () => {
  await temp?.cleanup();
  if (root) await rm(root, { recursive: true, force: true });
});

test("a memory hog and a fork bomb are stopped at their container's limits; each cell is a fail naming the limit", async () => {
  const source = (p: string) => readFile(join(PROGRAMS, `${p}.c`), "utf8");
  const steps = `["start", "dump", "restore", "check"]`;
  temp = await tempScenarios(
    {
      "memory-hog": `{ name: "memory-hog", summary: "a program that eats all memory", program: "memory_hog", steps: ${steps}, expectations: [{ criu: "*", outcome: "pass" }] }`,
      "fork-bomb": `{ name: "fork-bomb", summary: "a program that fork-bombs", program: "fork_bomb", steps: ${steps}, expectations: [{ criu: "*", outcome: "pass" }] }`,
    },
    { memory_hog: await source("memory_hog"), fork_bomb: await source("fork_bomb") },
  );
  const results = await mkdtemp(join(tmpdir(), "criu-lab-limits-"));
  root = results;
  const runId = `limits-${process.pid}`;
  const r = await criuLab(["matrix", "--versions", "4.1.1", "--scenarios", "memory-hog,fork-bomb", "--results", results], { ...temp.env, CRIU_LAB_RUN_ID: runId });
  expect(r.exitCode, r.all).toBe(1);
  const cell = async (s: string) => JSON.parse(await readFile(join(results, runId, "cells", `${s}@4.1.1.json`), "utf8")) as CellRecord;

  const hog = await cell("memory-hog");
  expect([hog.outcome, hog.decidedBy], hog.reason).toEqual(["fail", "resource-limit"]);
  expect(hog.reason).toMatch(new RegExp(`^start: killed by the kernel: out of memory \\(container limit ${CELL_MEMORY_LIMIT_MIB} MiB; \\d+ process\\(es\\) killed\\)$`));
  expect(hog.steps.map((s) => s.name)).toEqual(["start"]);
  expect(hog.steps[0]?.error).toMatch(/the program exited before it said ready/);

  const bomb = await cell("fork-bomb");
  expect([bomb.outcome, bomb.decidedBy], bomb.reason).toEqual(["fail", "resource-limit"]);
  expect(bomb.reason).toMatch(new RegExp(`^start: fork failed: pid limit \\(${CELL_PIDS_LIMIT} processes and threads\\) reached \\d+ time\\(s\\)$`));
  // The program's own words: fork failed with EAGAIN, well before its 4096-process safety stop.
  expect(bomb.steps[0]?.error, bomb.steps[0]?.error).toMatch(/could not set up its state: fork failed after \d+ fork calls \(errno 11: Resource temporarily unavailable\)/);

  // The host is up and nothing of either program is left on it.
  expect((await execa("pgrep", ["-f", "/work/bin/(memory_hog|fork_bomb)"], { reject: false })).stdout).toBe("");
  expect(await labelledContainers(`label=criu-lab.run=${runId}`)).toEqual([]);
});
