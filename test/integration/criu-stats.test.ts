// CRIU's stats images as criu-lab reads them, against CRIU's own `crit decode` of the same files:
// a real dump and restore with CRIU 4.1.1 in a container, through the harness's own steps.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Criu } from "../../harness/criu/criu-command.js";
import { CriuContainer, type StartedCriuContainer } from "../../harness/executors/criu-container.js";
import { sweepRunSync } from "../../harness/executors/sweep.js";
import { resolveVersions } from "../../harness/images/resolve-versions.js";
import { currentRunId } from "../../harness/platform/labels.js";
import type { CriuStats, StepRecord } from "../../harness/results/outcome.js";
import { BIN_DIR, LOG_DIR, type CellState } from "../../harness/scenario/cell-state.js";
import { readStepStats } from "../../harness/scenario/criu-step-stats.js";
import { defineScenario } from "../../harness/scenario/define-scenario.js";
import { prepareRun } from "../../harness/scenario/prepare-run.js";
import { VM_DEFAULTS } from "../../harness/executors/vm/vm-settings.js";
import { runStep } from "../../harness/scenario/steps.js";

const PROGRAM = "dirty_memory_64m";
const scenario = defineScenario({ name: "stats-vs-crit", summary: "stats", program: PROGRAM, steps: ["start", "dump", "restore", "check"], expectations: [] });

/** `crit decode --pretty` of one stats file: {"magic": "STATS", "entries": [{"dump": {...}}]}. */
async function crit(c: StartedCriuContainer, file: string): Promise<{ magic: string; entries: Record<string, Record<string, number>>[] }> {
  const r = await c.run(["crit", "decode", "-i", file, "--pretty"]);
  expect(r.exitCode, r.output).toBe(0);
  return JSON.parse(r.output) as { magic: string; entries: Record<string, Record<string, number>>[] };
}

function fieldsOf(stats: CriuStats | undefined): Record<string, number> {
  if (!stats || stats.missing) throw new Error(`no stats: ${JSON.stringify(stats)}`);
  return stats.fields;
}

describe("CRIU 4.1.1's stats-dump and stats-restore, decoded by criu-lab and by crit", () => {
  let container: StartedCriuContainer;
  let state: CellState;
  const steps: StepRecord[] = [];

  beforeAll(async () => {
    const plan = await prepareRun({ versions: resolveVersions(["4.1.1"]), kernels: [{ kind: "host", name: "host" }], programs: [PROGRAM], parallel: 1, resultsRoot: "/tmp", vm: VM_DEFAULTS });
    const v = plan.versions[0]!;
    if (v.state !== "ready") throw new Error(`CRIU 4.1.1 is not ready: ${v.reason}`);
    const build = v.programs[PROGRAM];
    if (!plan.profile || !build || !("binary" in build)) throw new Error(`CRIU 4.1.1 is not ready: ${JSON.stringify(build)}`);
    container = await new CriuContainer(v.image).withSecurityProfile(plan.profile).withFile(build.binary, `${BIN_DIR}/${PROGRAM}`).start();
    state = {
      scenario,
      executor: container,
      criu: new Criu(container, { logDir: LOG_DIR }),
      pids: [],
      dumpDirs: [],
      counts: { start: 0, dump: 0, restore: 0, check: 0, migrate: 0, exec: 0, clone: 0 },
      openNext: () => Promise.reject(new Error("no migrate here")),
      stepTimeoutSeconds: 300,
    };
    for (const step of scenario.steps) {
      const r = await runStep(state, step);
      expect(r.failure ?? r.harnessError, r.record.name).toBeUndefined();
      steps.push(r.record);
    }
  });

  afterAll(async () => {
    await container?.remove();
    sweepRunSync(currentRunId());
  });

  test("dump: every field of the step's stats is crit's, and the images' size is du's", async () => {
    const dump = steps.find((s) => s.name === "dump")!;
    const decoded = await crit(container, "/work/img/1/stats-dump");
    expect(decoded.magic).toBe("STATS");
    expect(fieldsOf(dump.stats)).toEqual(decoded.entries[0]!.dump);
    // 64 MiB of dirty pages, each written once.
    expect(fieldsOf(dump.stats).pages_written).toBeGreaterThanOrEqual(16_384);
    const du = await container.run(["du", "-sb", "/work/img/1"]);
    const bytes = dump.stats?.kind === "dump" && !dump.stats.missing ? dump.stats.imagesBytes : undefined;
    // The restore since wrote stats-restore and a pidfile into the same directory.
    expect(bytes).toBeGreaterThanOrEqual(64 * 2 ** 20);
    expect(Number(du.output.split("\t")[0]) - bytes!).toBeLessThan(4096);
  });

  test("restore: every field of the step's stats is crit's", async () => {
    const restore = steps.find((s) => s.name === "restore")!;
    const decoded = await crit(container, "/work/img/1/stats-restore");
    expect(fieldsOf(restore.stats)).toEqual(decoded.entries[0]!.restore);
    expect(fieldsOf(restore.stats).pages_restored).toBe(fieldsOf(steps.find((s) => s.name === "dump")!.stats).pages_written);
  });

  test("a stats file CRIU did not write is recorded as missing, with why, never as zeros", async () => {
    const stats = await readStepStats(container, { kind: "dump", imagesDir: "/work/state" });
    expect(stats).toEqual({ kind: "dump", missing: true, why: "CRIU wrote no /work/state/stats-dump" });
  });
});
