// Runs one cell: a scenario on one CRIU version (or a dump-version -> restore-version pair) on one
// kernel, in fresh containers (host kernel) or a reset VM session (other kernels). It gathers the
// facts; the outcome is decided by the rule book (outcome-rules.ts).
import { Criu } from "../criu/criu-command.js";
import { CriuContainer, StartedCriuContainer } from "../executors/criu-container.js";
import { limitHit } from "../executors/resource-limits.js";
import { DEFAULT_STEP_TIMEOUT_SECONDS } from "../platform/bounded-command.js";
import { copyFileIn, type Executor } from "../executors/executor.js";
import { VmHungError, VmSession } from "../executors/vm/vm-session.js";
import { logger } from "../platform/log.js";
import { cellId, type CellRecord, type CellTiming, type StepRecord } from "../results/outcome.js";
import { readiness, type Ready } from "./cell-readiness.js";
import { BIN_DIR, LOG_DIR, type CellState } from "./cell-state.js";
import { keepLogs } from "./keep-logs.js";
import { stepSpec, type Scenario } from "./define-scenario.js";
import { expectationFor, expectationRecord } from "./expectation.js";
import { decideBeforeRun, decideCell, stopsCell, type Blocker, type StepFact } from "./outcome-rules.js";
import type { KernelPlan, RunPlan, VersionPlan } from "./run-plan.js";
import { runStep } from "./steps.js";
import { harnessErrorReason } from "./harness-error-reason.js";

const log = logger("cell");

export interface CellTarget {
  scenario: Scenario;
  plan: RunPlan;
  kernel: KernelPlan;
  /** The CRIU version that runs the cell (in a cross-version cell: the one that dumps). */
  version: VersionPlan;
  /** Cross-version cells: the CRIU version that restores. */
  restoreSide?: VersionPlan;
  /** Where this run's CRIU logs go, relative to the run directory (default cells/<id>). */
  logDir?: string;
}

/** What happened in the executors: one record and one fact per step, or a blocker found there. */
interface Ran {
  records: StepRecord[];
  facts: StepFact[];
  blocker?: Blocker;
  timing: CellTiming;
}

function stepTimeout(plan: RunPlan): number {
  return plan.stepTimeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS;
}

/** Each feature the scenario names must pass `criu check --feature` on this version and kernel. */
async function missingFeature(scenario: Scenario, criu: Criu, records: StepRecord[]): Promise<Blocker | undefined> {
  for (const feature of scenario.features ?? []) {
    const run = await criu.check(feature);
    if (run.exitCode === 0) continue;
    const evidence: StepRecord = { name: run.name, exitCode: run.exitCode, ms: run.ms, argv: run.argv, errors: run.errors, logTail: run.logTail };
    records.push(evidence);
    const why = run.errors[0] ?? run.output.trim().split("\n").at(-1) ?? "";
    return { kind: "missing-feature", reason: `criu check --feature ${feature} fails: ${why}` };
  }
  return undefined;
}

async function runSteps(state: CellState, ran: Ran): Promise<void> {
  const checking = Date.now();
  ran.blocker = await missingFeature(state.scenario, state.criu, ran.records);
  if (state.scenario.features?.length) ran.timing.steps["feature-check"] = Date.now() - checking;
  if (ran.blocker) return;
  for (const step of state.scenario.steps) {
    const r = await runStep(state, step);
    const mayFail = stepSpec(step).mayFail ?? false;
    if (r.failure && mayFail) r.record.error = `allowed to fail: ${r.failure.reason}`;
    const fact: StepFact = { name: r.record.name, mayFail, ...(r.harnessError !== undefined ? { harnessError: r.harnessError } : {}) };
    if (r.failure) fact.failure = { ...r.failure, logTail: r.record.logTail ?? [] };
    if (r.timedOut) fact.timedOut = r.timedOut;
    if ((r.failure || r.harnessError !== undefined) && state.executor instanceof StartedCriuContainer) {
      const hit = await limitHit(state.executor);
      if (hit) fact.limitHit = hit;
    }
    ran.records.push(r.record);
    ran.facts.push(fact);
    const kind = stepSpec(step).step;
    ran.timing.steps[kind] = (ran.timing.steps[kind] ?? 0) + r.record.ms;
    if (stopsCell(fact)) return;
  }
}

/** Opens where the program runs: a container of the image, or a reset session on the VM. */
async function openExecutor(t: CellTarget, side: Ready): Promise<Executor> {
  const program = t.scenario.program;
  if (side.vm) {
    const session = await VmSession.open(side.vm);
    if (!(await copyFileIn(session, side.binary, BIN_DIR, program))) {
      await session.remove();
      throw new Error(`could not copy ${program} into ${session.describe}`);
    }
    return session;
  }
  const profile = t.plan.profile;
  if (!profile) throw new Error("no security profile was probed for this run");
  return new CriuContainer(side.image).withSecurityProfile(profile).withFile(side.binary, `${BIN_DIR}/${program}`).start();
}

async function inExecutors(t: CellTarget, sides: { dump: Ready; restore: Ready }, logDir: string): Promise<Ran> {
  const ran: Ran = { records: [], facts: [], timing: { open: 0, steps: {}, logs: 0, remove: 0 } };
  let state: CellState | undefined;
  let mark = Date.now();
  const lap = () => -mark + (mark = Date.now());
  try {
    const executor = await openExecutor(t, sides.dump);
    ran.timing.open = lap();
    state = {
      scenario: t.scenario,
      executor,
      criu: new Criu(executor, { logDir: LOG_DIR, binary: t.scenario.criu?.wrapper, timeoutSeconds: stepTimeout(t.plan) }),
      pids: [],
      dumpDirs: [],
      counts: { start: 0, dump: 0, restore: 0, check: 0, migrate: 0, exec: 0, clone: 0 },
      stepTimeoutSeconds: stepTimeout(t.plan),
      // On one VM (two builds of one userland share it) a migrate is a reset that keeps /work and
      // switches to the restore side's CRIU; elsewhere a fresh executor of the restore side.
      openNext: () => (state!.executor instanceof VmSession && sides.restore.vm && sides.restore.vm.socket === sides.dump.vm?.socket
        ? state!.executor.resetKeepingWork(sides.restore.vm)
        : openExecutor(t, sides.restore)),
    };
    await runSteps(state, ran);
    lap();
    await keepLogs(state.executor, t.plan.runDir, logDir, ran.records);
    ran.timing.logs = lap();
  } catch (e) {
    log("cell %s: %s", logDir, String(e));
    const reason = await harnessErrorReason(e);
    if (e instanceof VmHungError) ran.records.push({ name: "vm", exitCode: null, ms: 0, error: e.message, logTail: e.consoleTail });
    ran.facts.push({ name: "harness", mayFail: false, harnessError: reason });
  } finally {
    lap();
    await state?.executor.remove();
    ran.timing.remove = lap();
  }
  return ran;
}

/** One run of one cell, decided by the rule book. */
export async function runCell(t: CellTarget): Promise<CellRecord> {
  const started = Date.now();
  const { scenario, kernel, version: v, restoreSide } = t;
  const expectation = expectationFor(scenario, { criu: v.semver, restoreCriu: restoreSide?.semver, kernel: kernel.release });
  const id = cellId({ scenario: scenario.name, criuVersion: v.version, restoreVersion: restoreSide?.version, kernelName: kernel.name });
  const dumpSide = readiness(scenario, v, kernel);
  const restoreReady = restoreSide ? readiness(scenario, restoreSide, kernel) : dumpSide;
  const blockers = [...dumpSide.blockers, ...(restoreSide ? restoreReady.blockers : [])];
  const before = decideBeforeRun({ expectation, blockers });
  let records: StepRecord[] = [];
  let timing: CellTiming | undefined;
  let decision = before;
  if (!decision) {
    const ran = await inExecutors(t, { dump: dumpSide.ready!, restore: restoreReady.ready! }, t.logDir ?? `cells/${id}`);
    records = ran.records;
    timing = ran.timing;
    decision = decideCell({ expectation, blockers: ran.blocker ? [ran.blocker] : [], steps: ran.facts });
  }
  // A cell stopped before it ran shows what stopped it (the build log, the check, the VM console).
  const evidence = decision.rule === "declared-unsupported" ? undefined : blockers.find((b) => b.reason === decision.reason)?.evidence;
  if (before && evidence) records.push(evidence);
  return {
    scenario: scenario.name,
    criuVersion: v.version,
    ...(restoreSide ? { restoreVersion: restoreSide.version } : {}),
    kernelName: kernel.name,
    kernel: kernel.release,
    executor: kernel.executor,
    ...("accel" in kernel ? { accel: kernel.accel } : {}),
    image: dumpSide.ready?.image,
    outcome: decision.outcome,
    reason: decision.reason,
    decidedBy: decision.rule,
    expectation: expectationRecord(expectation),
    knownIssues: scenario.expectations.filter((e) => e.outcome !== "pass").map(expectationRecord),
    steps: records,
    ms: Date.now() - started,
    startedAt: new Date(started).toISOString(),
    ...(timing ? { timing } : {}),
    ...(scenario.inDefaultMatrix === false ? { measured: true } : {}),
    stepTimeoutSeconds: stepTimeout(t.plan),
  };
}
