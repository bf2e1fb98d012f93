// Fault: the Docker engine dies mid-run (dockerd SIGKILLed). The cells in flight and after become
// harness-error naming the engine, the results written before stay whole, and the next run starts
// the engine again and passes. Other runs share this host's engine: this test kills an engine of
// its own (criu-lab engine start DIR: own socket, data root, exec root, pidfile), never the shared one.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, expect, test } from "vitest";
import { baseImageFor } from "../../harness/images/base-image.js";
import { criuImageTag } from "../../harness/images/criu-image.js";
import { resolveVersions } from "../../harness/images/resolve-versions.js";
import { criuLab, labelledContainers } from "../support/cli.js";

const dir = await mkdtemp(join(tmpdir(), "criu-lab-engine-"));
const dockerHost = `unix://${dir}/docker.sock`;
const inEngine = { env: { DOCKER_HOST: dockerHost }, reject: false } as const;
const root = await mkdtemp(join(tmpdir(), "criu-lab-engine-results-"));

afterAll(async () => {
  const stop = await criuLab(["engine", "stop", dir, "--purge"]);
  expect(stop.exitCode, stop.all).toBe(0);
  expect(existsSync(dir)).toBe(false);
  expect((await readFile("/proc/self/mountinfo", "utf8")).includes(dir)).toBe(false);
  expect((await execa("pgrep", ["-af", dir], { reject: false })).stdout).toBe("");
  await rm(root, { recursive: true, force: true });
});

/** CRIU 4.1.1's image and its base, as the shared engine has them (criu-lab setup made them). */
function imagesOf411(): string[] {
  const v = resolveVersions(["4.1.1"])[0]!;
  if (v.source.kind !== "debian-package") throw new Error("4.1.1 is a Debian package");
  const base = baseImageFor(v.source.suite);
  return [criuImageTag({ ...v, source: v.source }, base.key), base.tag];
}

async function wellFormedXml(path: string): Promise<boolean> {
  return (await execa("python3", ["-c", "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])", path], { reject: false })).exitCode === 0;
}

test("a killed engine: harness-error naming it, results whole; the next run starts it again and passes", async () => {
  const started = await criuLab(["engine", "start", dir]);
  expect(started.exitCode, started.all).toBe(0);
  expect(started.stdout.trim()).toBe(`DOCKER_HOST=${dockerHost}`);
  const save = execa("docker", ["save", ...imagesOf411()], { buffer: false });
  const load = execa("docker", ["load"], inEngine);
  save.stdout!.pipe(load.stdin!);
  const [saved, loaded] = await Promise.all([save, load]);
  expect([saved.exitCode, loaded.exitCode], loaded.stderr).toEqual([0, 0]);

  const runId = `engine-killed-${process.pid}`;
  const runDir = join(root, runId);
  const run = criuLab(
    ["matrix", "--versions", "4.1.1", "--scenarios", "sched-reset-on-fork,process-tree,file-locks,open-file-offset", "--parallel", "1", "--results", root],
    { DOCKER_HOST: dockerHost, CRIU_LAB_RUN_ID: runId },
  );
  // Kill dockerd once a cell is written and the next one has its container.
  let killed = false;
  for (let i = 0; i < 4800 && run.exitCode === null && !killed; i++) {
    const written = (await readFile(join(runDir, "summary.json"), "utf8").catch(() => "")).includes('"scenario"');
    const cellUp = written && (await execa("docker", ["ps", "-q", "--filter", `label=criu-lab.run=${runId}`, "--filter", "label=criu-lab.role=cell"], inEngine)).stdout.trim() !== "";
    if (cellUp) {
      process.kill(Number((await readFile(join(dir, "dockerd.pid"), "utf8")).trim()), "SIGKILL");
      killed = true;
    } else await sleep(25);
  }
  expect(killed, "the run never had a cell written and another one running").toBe(true);
  const r = await run;
  expect(r.exitCode, r.all).toBe(1);

  const summary = JSON.parse(await readFile(join(runDir, "summary.json"), "utf8")) as { cells: { scenario: string; outcome: string; reason: string }[] };
  expect(summary.cells).toHaveLength(4);
  const broken = summary.cells.filter((c) => c.outcome !== "pass");
  expect(summary.cells.filter((c) => c.outcome === "pass").length).toBeGreaterThanOrEqual(1);
  expect(broken.length).toBeGreaterThanOrEqual(1);
  for (const c of broken) {
    expect([c.outcome, c.reason]).toEqual(["harness-error", expect.stringContaining(`the Docker engine at ${dockerHost} stopped answering`)]);
  }
  for (const c of summary.cells) JSON.parse(await readFile(join(runDir, "cells", `${c.scenario}@4.1.1.json`), "utf8"));
  expect(await wellFormedXml(join(runDir, "junit.xml"))).toBe(true);
  // Nothing of the run went to the shared engine (testcontainers must not fall back to it).
  expect(await labelledContainers(`label=criu-lab.run=${runId}`)).toEqual([]);

  const next = await criuLab(["matrix", "--versions", "4.1.1", "--scenarios", "sched-reset-on-fork", "--results", root], { DOCKER_HOST: dockerHost });
  expect(next.exitCode, next.all).toBe(0);
  expect(next.all).toContain(`criu-lab: the engine at DOCKER_HOST=${dockerHost} (criu-lab's own, in ${dir}) does not answer; starting it again`);
  const left = await execa("docker", ["ps", "-aq", "--filter", `label=criu-lab.run=${runId}`], inEngine);
  expect(left.stdout.trim(), "the killed run's containers outlived the restart").toBe("");
});
