// Fault: the results disk fills up mid-run (a small tmpfs as --results, filled once the first cell
// is written). The run stops with one line that names the directory; no half-written file is left;
// what was written before stays valid JSON and XML.
import { execa } from "execa";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, expect, test } from "vitest";
import { criuLab, labelledContainers } from "../support/cli.js";

let mountPoint: string | undefined;
afterAll(async () => {
  if (!mountPoint) return;
  await execa("umount", [mountPoint], { reject: false });
  await rm(mountPoint, { recursive: true, force: true });
});

/** Every file under dir, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

async function wellFormedXml(path: string): Promise<boolean> {
  const r = await execa("python3", ["-c", "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])", path], { reject: false });
  return r.exitCode === 0;
}

test("a results disk that fills mid-run: one line naming the directory, no half-written file, earlier files whole", async () => {
  mountPoint = await mkdtemp(join(tmpdir(), "criu-lab-full-"));
  await execa("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mountPoint]);
  const runId = `full-${process.pid}`;
  const runDir = join(mountPoint, runId);
  const run = criuLab(
    ["matrix", "--versions", "4.1.1", "--scenarios", "sched-reset-on-fork,process-tree,file-locks,open-file-offset", "--parallel", "1", "--results", mountPoint],
    { CRIU_LAB_RUN_ID: runId },
  );
  // Once the first cell is in summary.json and junit.xml (written in that order), something else
  // takes every byte left. Filling between the two would leave no junit.xml at all: not a half-written one.
  let before = "";
  let junit = "";
  for (let i = 0; i < 4800 && run.exitCode === null; i++) {
    before = await readFile(join(runDir, "summary.json"), "utf8").catch(() => "");
    junit = await readFile(join(runDir, "junit.xml"), "utf8").catch(() => "");
    if (before.includes('"scenario"') && junit.includes("<testcase")) break;
    await sleep(25);
  }
  expect(before, "no cell was written before the disk was filled").toContain('"scenario"');
  expect(junit, "junit.xml had no cell before the disk was filled").toContain("<testcase");
  await execa("dd", ["if=/dev/zero", `of=${join(mountPoint, "filler")}`, "bs=64k"], { reject: false });
  const r = await run;

  const ours = r.all.split("\n").filter((l) => l.startsWith("criu-lab: cannot write"));
  expect(ours, r.all).toEqual([expect.stringMatching(new RegExp(`^criu-lab: cannot write results in ${runDir}: no space left on device \\(ENOSPC.*\\) \\(the run stopped; the \\d+ cell\\(s\\) written before stay whole there`))]);
  expect(r.exitCode, r.all).toBe(2);

  const files = await filesUnder(runDir);
  expect(files.filter((f) => f.endsWith(".tmp") || f.includes("/.logs-")), "half-written files").toEqual([]);
  const summary = JSON.parse(await readFile(join(runDir, "summary.json"), "utf8")) as { cells: { scenario: string; outcome: string }[] };
  expect(summary.cells.length).toBeGreaterThanOrEqual(1);
  expect(summary.cells.length, "the run did not stop at the full disk").toBeLessThan(4);
  for (const c of summary.cells) expect(c.outcome).toBe("pass");
  const invalid: string[] = [];
  for (const f of files.filter((x) => x.endsWith(".json"))) {
    try {
      JSON.parse(await readFile(join(runDir, f), "utf8"));
    } catch {
      invalid.push(f);
    }
  }
  expect(invalid, "JSON files that do not parse").toEqual([]);
  expect(files.filter((f) => /^cells\/[^/]+\.json$/.test(f)).length).toBeGreaterThanOrEqual(summary.cells.length);
  expect(await wellFormedXml(join(runDir, "junit.xml"))).toBe(true);
  expect(await labelledContainers(`label=criu-lab.run=${runId}`)).toEqual([]);
});
