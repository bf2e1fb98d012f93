import { existsSync } from "node:fs";
import { mkdtemp, readFile, readlink, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { writeFileAtomic } from "../platform/atomic-write.js";
import type { CellRecord, Outcome } from "./outcome.js";
import { RUN_INFO_FILE } from "./run-info.js";
import { RunStore } from "./run-store.js";

function cell(criuVersion: string, outcome: Outcome, reason = "r"): CellRecord {
  return {
    scenario: "sched-reset-on-fork",
    criuVersion,
    kernelName: "host",
    kernel: "6.18.0",
    executor: "container",
    outcome,
    reason,
    expectation: { outcome: "pass", range: "*" },
    steps: [{ name: "dump", exitCode: 1, ms: 5, logTail: ["(0.1) Error (x): <boom> & \"quoted\""] }],
    ms: 10,
    startedAt: "2026-11-24T00:00:00.000Z",
  };
}

async function store(): Promise<RunStore> {
  const root = await mkdtemp(join(tmpdir(), "criu-lab-store-"));
  const s = new RunStore(root, "run-1");
  await s.open();
  await writeFileAtomic(join(s.dir, RUN_INFO_FILE), JSON.stringify({ runId: "run-1", startedAt: "t", kernel: "6.18.0", engine: "20.10", securityProfile: "caps" }));
  return s;
}

describe("RunStore", () => {
  test("after each cell, every summary is complete and agrees with the cells so far", async () => {
    const s = await store();
    await s.add(cell("4.1.1", "pass"));
    let summary = JSON.parse(await readFile(join(s.dir, "summary.json"), "utf8"));
    expect(summary.complete).toBe(false);
    expect(summary.cells).toHaveLength(1);
    expect(summary.cells[0].steps[0]).toEqual({ name: "dump", exitCode: 1, ms: 5 });

    await s.add(cell("3.17.1", "unsupported", "vdso"));
    await s.finish();
    summary = JSON.parse(await readFile(join(s.dir, "summary.json"), "utf8"));
    expect(summary.complete).toBe(true);
    expect(summary.cells.map((c: CellRecord) => c.criuVersion)).toEqual(["3.17.1", "4.1.1"]);
    expect(summary.kernel).toBe("6.18.0");

    const md = await readFile(join(s.dir, "summary.md"), "utf8");
    expect(md).toContain("| sched-reset-on-fork | unsupported | pass |");
    expect(md).toContain("sched-reset-on-fork @ 3.17.1 on host**: unsupported: vdso");
    expect(md).toContain("| scenario | CRIU 3.17.1 on host | CRIU 4.1.1 on host |");
    expect(md).toContain("- host: kernel 6.18.0, containers");

    const cellFile = JSON.parse(await readFile(join(s.dir, "cells", "sched-reset-on-fork@4.1.1.json"), "utf8"));
    expect(cellFile.steps[0].logTail).toHaveLength(1);
    expect(await readlink(join(s.root, "latest"))).toBe("run-1");
  });

  test("concurrent adds never leave temp files or lose a cell", async () => {
    const s = await store();
    await Promise.all(["4.1.1", "4.2.1", "3.17.1"].map((v) => s.add(cell(v, "pass"))));
    await s.finish();
    const files = await readdir(s.dir);
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(JSON.parse(await readFile(join(s.dir, "summary.json"), "utf8")).cells).toHaveLength(3);
  });

  test("junit.xml escapes logs and maps outcomes to failure/skipped", async () => {
    const s = await store();
    await s.add(cell("4.1.1", "fail", "restore: <x>"));
    await s.add(cell("3.17.1", "unsupported"));
    await s.finish();
    const xml = await readFile(join(s.dir, "junit.xml"), "utf8");
    expect(xml).toContain('tests="2" failures="1" skipped="1"');
    expect(xml).toContain('<failure type="fail" message="fail: restore: &lt;x&gt;">');
    expect(xml).toContain("&lt;boom&gt; &amp; &quot;quoted&quot;");
    expect(xml).toContain('<skipped message="unsupported: r"/>');
  });

  test("index.html is rewritten after every cell, and summary.json keeps each step's CRIU stats", async () => {
    const s = await store();
    await s.add({ ...cell("4.1.1", "fail"), steps: [{ name: "dump", exitCode: 0, ms: 5, stats: { kind: "dump", missing: true, why: "none" } }] });
    let page = await readFile(join(s.dir, "index.html"), "utf8");
    expect(page.match(/data-cell=/g)).toHaveLength(1);
    expect(page).toContain("(in progress or interrupted)");
    expect(JSON.parse(await readFile(join(s.dir, "summary.json"), "utf8")).cells[0].steps[0].stats).toEqual({ kind: "dump", missing: true, why: "none" });
    await s.add(cell("4.2.1", "pass"));
    await s.finish();
    page = await readFile(join(s.dir, "index.html"), "utf8");
    expect(page.match(/data-cell=/g)).toHaveLength(2);
    expect(page).not.toContain("(in progress or interrupted)");
    expect(existsSync(join(s.dir, "perf.md"))).toBe(false);
  });

  test("perf.md holds the table of the measured cells, once there is one", async () => {
    const s = await store();
    const stats = { kind: "dump", fields: { frozen_time: 2000, pages_written: 9 }, imagesBytes: 2 ** 20 } as const;
    await s.add({ ...cell("4.1.1", "pass"), scenario: "dirty-memory-64m", measured: true, steps: [{ name: "dump", exitCode: 0, ms: 5, stats }] });
    const md = await readFile(join(s.dir, "perf.md"), "utf8");
    expect(md).toContain("| dirty-memory-64m | 4.1.1 | host | 1 | 2.0 | – | 9 | 1.0 |");
  });
});
