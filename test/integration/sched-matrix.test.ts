// The real default matrix of the seed scenario: real engine, real images, real CRIU. No fakes here.
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { criuLab, kernelAtLeast, labelledContainers, readSummary, type Summary } from "../support/cli.js";

describe("criu-lab matrix: sched-reset-on-fork on 3.17.1, 4.1.1, 4.2.1", () => {
  let root: string;
  let run: Awaited<ReturnType<typeof criuLab>>;
  let summary: Summary;
  const cell = (v: string) => summary.cells.find((c) => c.criuVersion === v)!;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "criu-lab-it-"));
    run = await criuLab(["matrix", "--versions", "3.17.1,4.1.1,4.2.1", "--scenarios", "sched-reset-on-fork", "--results", root]);
    // Without an engine or images this is where it stops, with the reason in the output.
    expect(existsSync(join(root, "latest", "summary.json")), run.all).toBe(true);
    summary = await readSummary(root);
  });

  test("writes all three cells, complete, with the kernel in each", () => {
    expect(summary.complete).toBe(true);
    expect(summary.cells.map((c) => c.criuVersion).sort()).toEqual(["3.17.1", "4.1.1", "4.2.1"]);
    for (const c of summary.cells) expect(c.kernel).toBe(summary.kernel);
  });

  test("3.17.1 is what this kernel allows: unsupported (vdso) from 6.13 on, else the seed's xfail", () => {
    const c = cell("3.17.1");
    if (kernelAtLeast(summary.kernel, 6, 13)) {
      expect(c.outcome, c.reason).toBe("unsupported");
      expect(c.reason).toMatch(/vDSO/);
    } else {
      expect(c.outcome, c.reason).toBe("xfail");
      expect(c.reason).toMatch(/Inconsistent sched params/);
    }
  });

  test.each(["4.1.1", "4.2.1"])("%s passes every step: dump, restore, check, re-dump, re-restore, re-check", (v) => {
    const c = cell(v);
    expect(c.outcome, c.reason).toBe("pass");
    expect(c.steps.map((s) => s.name)).toEqual(["start", "dump", "restore", "check", "re-dump", "re-restore", "re-check"]);
    expect(c.steps.every((s) => s.exitCode === 0 && s.ms >= 0)).toBe(true);
  });

  test("keeps each CRIU log and its tail", async () => {
    const full = JSON.parse(await readFile(join(root, "latest", "cells", "sched-reset-on-fork@4.1.1.json"), "utf8"));
    const redump = full.steps.find((s: { name: string }) => s.name === "re-dump");
    expect(redump.argv.slice(0, 2)).toEqual(["criu", "dump"]);
    expect(redump.logTail.length).toBeGreaterThan(0);
    expect(existsSync(join(root, "latest", redump.logFile))).toBe(true);
    const unsupported = JSON.parse(await readFile(join(root, "latest", "cells", "sched-reset-on-fork@3.17.1.json"), "utf8"));
    if (unsupported.outcome === "unsupported") expect(unsupported.steps[0].logTail.join("\n")).toMatch(/vDSO/);
  });

  test("summary.md and junit.xml show the same outcomes", async () => {
    const md = await readFile(join(root, "latest", "summary.md"), "utf8");
    expect(md).toContain(`| sched-reset-on-fork | ${cell("3.17.1").outcome} | pass | pass |`);
    const xml = await readFile(join(root, "latest", "junit.xml"), "utf8");
    expect(xml).toContain('tests="3" failures="0"');
  });

  test("exits 0 and leaves no criu-lab container behind", async () => {
    expect(run.exitCode, run.all).toBe(0);
    expect(await labelledContainers(`label=criu-lab.run=${summary.runId}`)).toEqual([]);
  });
});
