// Runs one cell: a scenario on one CRIU version (or a dump-version -> restore-version pair) on one
// kernel, in fresh containers (host kernel) or a reset VM session (other kernels), and decides its outcome.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Criu } from "../criu/criu-command.js";
import { stepLimit } from "../criu/log-classifier.js";
import { CriuContainer } from "../executors/criu-container.js";
import { copyFileIn, type Executor } from "../executors/executor.js";
import { VmHungError, VmSession, type VmAddress } from "../executors/vm/vm-session.js";
import { logger } from "../platform/log.js";
import { cellId, type CellRecord, type StepRecord } from "../results/outcome.js";
import { BIN_DIR, LOG_DIR, type CellState } from "./cell-state.js";
import { stepSpec, type Scenario } from "./define-scenario.js";
import { declaredUnsupported, decideOutcome, expectationFor, expectationRecord, type RawResult } from "./expectation.js";
import type { KernelPlan, RunPlan, VersionPlan } from "./run-plan.js";
import { runStep } from "./steps.js";

const log = logger("cell");

type Ready = { image: string; binary: string; vm?: VmAddress };

/** The `criu check` that speaks for a version on a kernel: the host's (containers) or the VM's. */
function checkOf(v: VersionPlan, kernel: KernelPlan) {
  return kernel.executor === "container" ? v.check : kernel.vms[v.version]?.check;
}

/** Why a version cannot take part on a kernel, before anything starts; else what it needs. */
function readiness(scenario: Scenario, v: VersionPlan, kernel: KernelPlan): RawResult | Ready {
  if (v.buildError) return { kind: "build-error", reason: v.buildError.reason };
  if (v.unavailable || !v.image) return { kind: "harness-error", reason: `CRIU ${v.version} is not available: ${v.unavailable ?? "no image"}` };
  if (kernel.unavailable) return { kind: "harness-error", reason: kernel.unavailable };
  const vm = kernel.vms[v.version];
  if (kernel.executor === "vm" && (!vm?.socket || !vm.pid)) return { kind: "harness-error", reason: vm?.unavailable ?? `no VM for CRIU ${v.version} on ${kernel.name}` };
  const build = v.programs[scenario.program];
  if (!build) return { kind: "harness-error", reason: `program ${scenario.program} was not built` };
  if ("error" in build) {
    const line = build.error.split("\n").find((l) => l.includes("error")) ?? build.error.split("\n")[0];
    return { kind: "build-error", reason: `${scenario.program}.c does not compile for CRIU ${v.version}'s image: ${line}` };
  }
  const check = checkOf(v, kernel);
  if (check?.unsupported) return { kind: "unsupported", reason: `CRIU ${v.version} on kernel ${kernel.release}: ${check.unsupported}` };
  const address = vm?.socket && vm.pid ? { vm: { name: `${kernel.name} / CRIU ${v.version}`, socket: vm.socket, pid: vm.pid, consoleLog: vm.consoleLog } } : {};
  return { image: v.image, binary: build.binary, ...address };
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
    const limit = r.failure && stepLimit([r.failure.reason, ...r.failure.evidence, ...(r.record.logTail ?? [])]);
    if (limit) return { kind: "unsupported", reason: `${r.record.name}: ${limit}` };
    if (r.failure) return { kind: "failed", step: r.record.name, reason: r.failure.reason, evidence: r.failure.evidence };
  }
  await state.executor.run(["sh", "-c", `kill -TERM ${state.pids.join(" ")} 2>/dev/null; true`]);
  return { kind: "completed" };
}

/** Copies the CRIU logs next to the cell record and points each step at its file. */
async function keepLogs(executor: Executor, runDir: string, cellDir: string, steps: StepRecord[]): Promise<void> {
  await mkdir(join(runDir, cellDir), { recursive: true });
  if (!(await executor.copyOut(LOG_DIR, join(runDir, cellDir)))) return;
  for (const s of steps) if (s.argv) s.logFile = `${cellDir}/logs/${s.name}.log`;
}

/** One cell; `restoreSide` makes it a cross-version cell (dump with `v`, restore with it). */
export async function runCell(scenario: Scenario, plan: RunPlan, kernel: KernelPlan, v: VersionPlan, restoreSide?: VersionPlan): Promise<CellRecord> {
  const started = Date.now();
  const expectation = expectationFor(scenario, v.semver ?? v.version, restoreSide ? (restoreSide.semver ?? restoreSide.version) : undefined, kernel.release);
  const steps: StepRecord[] = [];
  const dumpSide = readiness(scenario, v, kernel);
  const restoreReady = restoreSide ? readiness(scenario, restoreSide, kernel) : dumpSide;
  const id = cellId({ scenario: scenario.name, criuVersion: v.version, restoreVersion: restoreSide?.version, kernelName: kernel.name });
  const declared = declaredUnsupported(expectation);
  let raw: RawResult;
  if (declared) raw = { kind: "unsupported", reason: declared };
  else if (!isReady(dumpSide)) raw = dumpSide;
  else if (!isReady(restoreReady)) raw = restoreReady;
  else raw = await inExecutors(scenario, plan, dumpSide, restoreReady, steps, id);
  const failedBuild = [v, restoreSide].find((x) => x?.buildError)?.buildError;
  if (raw.kind === "build-error" && failedBuild) steps.push({ name: "build", exitCode: 1, ms: 0, error: failedBuild.reason, logTail: failedBuild.logTail });
  // A cell stopped by `criu check` shows the check, with its log tail, as its only step.
  if (raw.kind === "unsupported" && steps.length === 0) {
    const stopped = [v, restoreSide].map((x) => x && checkOf(x, kernel)).find((c) => c?.unsupported);
    if (stopped) steps.push(stopped.step);
  }
  // A VM that never came up shows its console tail.
  const deadVm = [v, restoreSide].map((x) => x && kernel.vms[x.version]).find((vm) => vm?.unavailable);
  if (raw.kind === "harness-error" && steps.length === 0 && deadVm) steps.push({ name: "vm-boot", exitCode: null, ms: deadVm.bootMs ?? 0, error: deadVm.unavailable, logTail: deadVm.consoleTail ?? [] });
  const { outcome, reason } = decideOutcome(raw, expectation);
  return {
    scenario: scenario.name,
    criuVersion: v.version,
    ...(restoreSide ? { restoreVersion: restoreSide.version } : {}),
    kernelName: kernel.name,
    kernel: kernel.release,
    executor: kernel.executor,
    ...(kernel.accel ? { accel: kernel.accel } : {}),
    image: isReady(dumpSide) ? dumpSide.image : undefined,
    outcome,
    reason,
    expectation: expectationRecord(expectation),
    knownIssues: scenario.expectations.filter((e) => e.outcome !== "pass").map(expectationRecord),
    steps,
    ms: Date.now() - started,
    startedAt: new Date(started).toISOString(),
    ...(scenario.inDefaultMatrix === false ? { measured: true } : {}),
  };
}

/** Opens where the program runs: a container of the image, or a reset session on the VM. */
async function openExecutor(scenario: Scenario, plan: RunPlan, side: Ready): Promise<Executor> {
  const program = scenario.program;
  if (side.vm) {
    const session = await VmSession.open(side.vm);
    if (!(await copyFileIn(session, side.binary, BIN_DIR, program))) {
      await session.remove();
      throw new Error(`could not copy ${program} into ${session.describe}`);
    }
    return session;
  }
  const profile = plan.profile;
  if (!profile) throw new Error("no security profile was probed for this run");
  return new CriuContainer(side.image).withSecurityProfile(profile).withFile(side.binary, `${BIN_DIR}/${program}`).start();
}

async function inExecutors(scenario: Scenario, plan: RunPlan, dumpSide: Ready, restoreSide: Ready, steps: StepRecord[], id: string): Promise<RawResult> {
  let state: CellState | undefined;
  try {
    const executor = await openExecutor(scenario, plan, dumpSide);
    state = {
      scenario,
      executor,
      criu: new Criu(executor, { logDir: LOG_DIR, binary: scenario.criu?.wrapper }),
      pids: [],
      dumpDirs: [],
      counts: { start: 0, dump: 0, restore: 0, check: 0, migrate: 0, exec: 0, clone: 0 },
      // On one VM a migrate is a reset that keeps /work; elsewhere a fresh executor of the restore side.
      openNext: () => (state!.executor instanceof VmSession && dumpSide.vm && restoreSide.vm?.socket === dumpSide.vm.socket
        ? state!.executor.resetKeepingWork()
        : openExecutor(scenario, plan, restoreSide)),
    };
    const raw = await runSteps(state, steps);
    await keepLogs(state.executor, plan.runDir, `cells/${id}`, steps);
    return raw;
  } catch (e) {
    log("cell %s: %s", id, String(e));
    if (e instanceof VmHungError) steps.push({ name: "vm", exitCode: null, ms: 0, error: e.message, logTail: e.consoleTail });
    return { kind: "harness-error", reason: e instanceof Error ? (e.message.split("\n")[0] ?? e.name) : String(e) };
  } finally {
    await state?.executor.remove();
  }
}
