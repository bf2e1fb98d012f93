// Runs one cell: one scenario on one CRIU version, in a fresh container, and decides its outcome.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Criu } from "../criu/criu-command.js";
import { CriuContainer, type StartedCriuContainer } from "../executors/criu-container.js";
import { logger } from "../log.js";
import type { CellRecord, StepRecord } from "../results/outcome.js";
import type { Scenario } from "./define-scenario.js";
import { decideOutcome, expectationFor, expectationRecord, type RawResult } from "./expectation.js";
import type { RunPlan, VersionPlan } from "./run-plan.js";
import { BIN_DIR, LOG_DIR, runStep, type CellState } from "./steps.js";

const log = logger("cell");

/** Why the cell cannot run at all, before any container starts. */
function precondition(scenario: Scenario, v: VersionPlan): RawResult | undefined {
  if (v.unavailable || !v.image) return { kind: "harness-error", reason: `CRIU ${v.version} is not available: ${v.unavailable ?? "no image"}` };
  const build = v.programs[scenario.program];
  if (!build) return { kind: "harness-error", reason: `program ${scenario.program} was not built` };
  if ("error" in build) return { kind: "build-error", reason: `${scenario.program}.c does not compile: ${build.error.split("\n").find((l) => l.includes("error")) ?? build.error.split("\n")[0]}` };
  if (v.check?.unsupported) return { kind: "unsupported", reason: v.check.unsupported };
  return undefined;
}

async function runSteps(scenario: Scenario, container: StartedCriuContainer, steps: StepRecord[]): Promise<RawResult> {
  const state: CellState = {
    runner: container,
    criu: new Criu(container, { logDir: LOG_DIR }),
    scenario,
    pid: 0,
    counts: { start: 0, dump: 0, restore: 0, check: 0 },
  };
  for (const kind of scenario.steps) {
    const r = await runStep(state, kind);
    steps.push(r.record);
    if (r.harnessError) return { kind: "harness-error", reason: `${r.record.name}: ${r.harnessError}` };
    if (r.failure) return { kind: "failed", step: r.record.name, reason: r.failure.reason, evidence: r.failure.evidence };
  }
  await container.run(["sh", "-c", `kill -TERM ${state.pid} 2>/dev/null; true`]);
  return { kind: "completed" };
}

/** Copies the CRIU logs next to the cell record and points each step at its file. */
async function keepLogs(container: StartedCriuContainer, plan: RunPlan, cellDir: string, steps: StepRecord[]): Promise<void> {
  await mkdir(join(plan.runDir, cellDir), { recursive: true });
  if (!(await container.copyOut(LOG_DIR, join(plan.runDir, cellDir)))) return;
  for (const s of steps) if (s.argv) s.logFile = `${cellDir}/logs/${s.name}.log`;
}

export async function runCell(scenario: Scenario, plan: RunPlan, v: VersionPlan): Promise<CellRecord> {
  const started = Date.now();
  const expectation = expectationFor(scenario, v.version);
  const steps: StepRecord[] = [];
  let raw = precondition(scenario, v);
  // A cell stopped by `criu check` shows the check, with its log tail, as its only step.
  if (raw?.kind === "unsupported" && v.check) steps.push(v.check.step);
  if (!raw) {
    let container: StartedCriuContainer | undefined;
    try {
      container = await new CriuContainer(v.image!)
        .withSecurityProfile(plan.profile)
        .withFile((v.programs[scenario.program] as { binary: string }).binary, `${BIN_DIR}/${scenario.program}`)
        .start();
      raw = await runSteps(scenario, container, steps);
      await keepLogs(container, plan, `cells/${scenario.name}@${v.version}`, steps);
    } catch (e) {
      log("cell %s@%s: %s", scenario.name, v.version, String(e));
      raw = { kind: "harness-error", reason: e instanceof Error ? e.message.split("\n")[0] ?? e.name : String(e) };
    } finally {
      await container?.remove();
    }
  }
  const { outcome, reason } = decideOutcome(raw, expectation);
  return {
    scenario: scenario.name,
    criuVersion: v.version,
    kernel: plan.kernel,
    executor: "container",
    image: v.image,
    outcome,
    reason,
    expectation: expectationRecord(expectation),
    steps,
    ms: Date.now() - started,
    startedAt: new Date(started).toISOString(),
  };
}
