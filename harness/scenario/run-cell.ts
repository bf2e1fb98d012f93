// Runs one cell: a scenario on one CRIU version (or a dump-version -> restore-version pair) in fresh
// containers, and decides its outcome.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Criu } from "../criu/criu-command.js";
import { CriuContainer, type StartedCriuContainer } from "../executors/criu-container.js";
import { logger } from "../log.js";
import { cellId, type CellRecord, type StepRecord } from "../results/outcome.js";
import { BIN_DIR, LOG_DIR, type CellState } from "./cell-state.js";
import { stepSpec, type Scenario } from "./define-scenario.js";
import { decideOutcome, expectationFor, expectationRecord, type RawResult } from "./expectation.js";
import type { RunPlan, VersionPlan } from "./run-plan.js";
import { runStep } from "./steps.js";

const log = logger("cell");

type Ready = { image: string; binary: string };

/** Why a version cannot take part, before any container starts; else what it needs. */
function readiness(scenario: Scenario, v: VersionPlan): RawResult | Ready {
  if (v.buildError) return { kind: "build-error", reason: v.buildError.reason };
  if (v.unavailable || !v.image) return { kind: "harness-error", reason: `CRIU ${v.version} is not available: ${v.unavailable ?? "no image"}` };
  const build = v.programs[scenario.program];
  if (!build) return { kind: "harness-error", reason: `program ${scenario.program} was not built` };
  if ("error" in build) {
    const line = build.error.split("\n").find((l) => l.includes("error")) ?? build.error.split("\n")[0];
    return { kind: "build-error", reason: `${scenario.program}.c does not compile for CRIU ${v.version}'s image: ${line}` };
  }
  if (v.check?.unsupported) return { kind: "unsupported", reason: `CRIU ${v.version}: ${v.check.unsupported}` };
  return { image: v.image, binary: build.binary };
}

function isReady(r: RawResult | Ready): r is Ready {
  return "image" in r;
}

/** Each feature the scenario names must pass `criu check --feature` on this version and kernel. */
async function missingFeature(scenario: Scenario, criu: Criu, steps: StepRecord[]): Promise<RawResult | undefined> {
  for (const feature of scenario.features ?? []) {
    const run = await criu.check(feature);
    if (run.exitCode !== 0) {
      steps.push({ name: run.name, exitCode: run.exitCode, ms: run.ms, argv: run.argv, errors: run.errors, logTail: run.logTail });
      const why = run.errors[0] ?? run.output.trim().split("\n").at(-1) ?? "";
      return { kind: "unsupported", reason: `criu check --feature ${feature} fails: ${why}` };
    }
  }
  return undefined;
}

async function runSteps(state: CellState, steps: StepRecord[]): Promise<RawResult> {
  const missing = await missingFeature(state.scenario, state.criu, steps);
  if (missing) return missing;
  for (const step of state.scenario.steps) {
    const r = await runStep(state, step);
    steps.push(r.record);
    if (r.harnessError) return { kind: "harness-error", reason: `${r.record.name}: ${r.harnessError}` };
    if (r.failure && stepSpec(step).mayFail) {
      r.record.error = `allowed to fail: ${r.failure.reason}`;
      continue;
    }
    if (r.failure) return { kind: "failed", step: r.record.name, reason: r.failure.reason, evidence: r.failure.evidence };
  }
  await state.container.run(["sh", "-c", `kill -TERM ${state.pids.join(" ")} 2>/dev/null; true`]);
  return { kind: "completed" };
}

/** Copies the CRIU logs next to the cell record and points each step at its file. */
async function keepLogs(container: StartedCriuContainer, runDir: string, cellDir: string, steps: StepRecord[]): Promise<void> {
  await mkdir(join(runDir, cellDir), { recursive: true });
  if (!(await container.copyOut(LOG_DIR, join(runDir, cellDir)))) return;
  for (const s of steps) if (s.argv) s.logFile = `${cellDir}/logs/${s.name}.log`;
}

/** One cell; `restoreSide` makes it a cross-version cell (dump with `v`, restore with it). */
export async function runCell(scenario: Scenario, plan: RunPlan, v: VersionPlan, restoreSide?: VersionPlan): Promise<CellRecord> {
  const started = Date.now();
  const expectation = expectationFor(scenario, v.semver ?? v.version, restoreSide ? (restoreSide.semver ?? restoreSide.version) : undefined);
  const steps: StepRecord[] = [];
  const dumpSide = readiness(scenario, v);
  const restoreReady = restoreSide ? readiness(scenario, restoreSide) : dumpSide;
  let raw: RawResult;
  if (!isReady(dumpSide)) raw = dumpSide;
  else if (!isReady(restoreReady)) raw = restoreReady;
  else raw = await inContainers(scenario, plan, dumpSide, restoreReady, steps, cellId({ scenario: scenario.name, criuVersion: v.version, restoreVersion: restoreSide?.version }));
  const failedBuild = [v, restoreSide].find((x) => x?.buildError)?.buildError;
  if (raw.kind === "build-error" && failedBuild) steps.push({ name: "build", exitCode: 1, ms: 0, error: failedBuild.reason, logTail: failedBuild.logTail });
  // A cell stopped by `criu check` shows the check, with its log tail, as its only step.
  if (raw.kind === "unsupported" && steps.length === 0) {
    const stopped = [v, restoreSide].find((x) => x?.check?.unsupported);
    if (stopped?.check) steps.push(stopped.check.step);
  }
  const { outcome, reason } = decideOutcome(raw, expectation);
  return {
    scenario: scenario.name,
    criuVersion: v.version,
    ...(restoreSide ? { restoreVersion: restoreSide.version } : {}),
    kernel: plan.kernel,
    executor: "container",
    image: isReady(dumpSide) ? dumpSide.image : undefined,
    outcome,
    reason,
    expectation: expectationRecord(expectation),
    knownIssues: scenario.expectations.filter((e) => e.outcome === "xfail").map(expectationRecord),
    steps,
    ms: Date.now() - started,
    startedAt: new Date(started).toISOString(),
  };
}

async function inContainers(scenario: Scenario, plan: RunPlan, dumpSide: Ready, restoreSide: Ready, steps: StepRecord[], id: string): Promise<RawResult> {
  const profile = plan.profile;
  if (!profile) return { kind: "harness-error", reason: "no security profile was probed for this run" };
  const open = (image: string) =>
    new CriuContainer(image).withSecurityProfile(profile).withFile(dumpSide.binary, `${BIN_DIR}/${scenario.program}`).start();
  let state: CellState | undefined;
  try {
    const container = await open(dumpSide.image);
    state = {
      scenario,
      container,
      criu: new Criu(container, { logDir: LOG_DIR, binary: scenario.criu?.wrapper }),
      pids: [],
      dumpDirs: [],
      counts: { start: 0, dump: 0, restore: 0, check: 0, migrate: 0, exec: 0, clone: 0 },
      openNextContainer: () => open(restoreSide.image),
    };
    const raw = await runSteps(state, steps);
    await keepLogs(state.container, plan.runDir, `cells/${id}`, steps);
    return raw;
  } catch (e) {
    log("cell %s: %s", id, String(e));
    return { kind: "harness-error", reason: e instanceof Error ? (e.message.split("\n")[0] ?? e.name) : String(e) };
  } finally {
    await state?.container.remove();
  }
}
