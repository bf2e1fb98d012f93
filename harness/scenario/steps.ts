// The scenario steps, run against a started executor. Each returns its record and, when it failed,
// why: a CRIU/program failure (`failure`) or an infrastructure one (`harnessError`).
import { describeFailure, type Criu, type CriuRun } from "../criu/criu-command.js";
import type { CommandRunner } from "../criu/command-runner.js";
import type { StepRecord } from "../results/outcome.js";
import type { Scenario, StepKind } from "./define-scenario.js";

export const STATE_DIR = "/work/state";
export const LOG_DIR = "/work/logs";
export const BIN_DIR = "/work/bin";

export interface StepResult {
  record: StepRecord;
  failure?: { reason: string; evidence: readonly string[] };
  harnessError?: string;
}

export interface CellState {
  runner: CommandRunner;
  criu: Criu;
  scenario: Scenario;
  pid: number;
  counts: Record<StepKind, number>;
}

/** dump, re-dump, dump-3 ... : the names people use for the n-th time a step runs. */
export function stepName(kind: StepKind, n: number): string {
  if (n === 1) return kind;
  if (n === 2) return `re-${kind}`;
  return `${kind}-${n}`;
}

function fromCriu(run: CriuRun): StepResult {
  const record: StepRecord = {
    name: run.name,
    exitCode: run.exitCode,
    ms: run.ms,
    argv: run.argv,
    errors: run.errors,
    logTail: run.logTail,
  };
  if (run.exitCode === 0) return { record };
  return { record: { ...record, error: describeFailure(run) }, failure: { reason: describeFailure(run), evidence: run.errors } };
}

async function timed(name: string, work: () => Promise<{ exitCode: number; error?: string; failure?: StepResult["failure"]; harnessError?: string }>): Promise<StepResult> {
  const started = Date.now();
  const r = await work();
  const record: StepRecord = { name, exitCode: r.exitCode, ms: Date.now() - started };
  const error = r.error ?? r.failure?.reason ?? r.harnessError;
  if (error) record.error = error;
  return { record, failure: r.failure, harnessError: r.harnessError };
}

async function start(s: CellState, name: string): Promise<StepResult> {
  const prog = `${BIN_DIR}/${s.scenario.program}`;
  // Its own session, stdio away from docker exec: nothing outside the container is part of the tree.
  const launch = `mkdir -p ${STATE_DIR} && cd ${STATE_DIR} && (setsid ${prog} ${STATE_DIR} </dev/null >${STATE_DIR}/output 2>&1 &)`;
  const wait = `for i in $(seq 150); do [ -f pid ] && exec cat pid; [ -f setup-failed ] && { cat setup-failed; exit 2; }; sleep 0.1; done; cat output; exit 3`;
  return timed(name, async () => {
    const r = await s.runner.run(["sh", "-c", `${launch} && cd ${STATE_DIR} && ${wait}`]);
    if (r.exitCode === 0) {
      s.pid = Number(r.output.trim());
      return { exitCode: 0 };
    }
    const why = r.exitCode === 2 ? `the program could not set up its state: ${r.output.trim()}` : `the program did not say ready within 15 s: ${r.output.trim().slice(-300)}`;
    return { exitCode: r.exitCode, harnessError: why };
  });
}

async function dump(s: CellState, name: string, n: number): Promise<StepResult> {
  const dir = `/work/img/${n}`;
  await s.runner.run(["mkdir", "-p", dir]);
  return fromCriu(await s.criu.dump(name, s.pid, dir, s.scenario.dumpArgs));
}

async function restore(s: CellState, name: string, n: number): Promise<StepResult> {
  const dir = `/work/img/${s.counts.dump}`;
  const pidfile = `${dir}/restored-${n}.pid`;
  const result = fromCriu(await s.criu.restore(name, dir, pidfile, s.scenario.restoreArgs));
  if (result.failure) return result;
  const r = await s.runner.run(["sh", "-c", `p=$(cat ${pidfile}) && kill -0 "$p" && echo "$p"`]);
  if (r.exitCode !== 0) {
    return { ...result, failure: { reason: "restore exited 0 but the restored process is not alive", evidence: [] } };
  }
  s.pid = Number(r.output.trim());
  return result;
}

async function check(s: CellState, name: string): Promise<StepResult> {
  const ask = `cd ${STATE_DIR}; n=$(cat verdict 2>/dev/null | wc -l); kill -USR1 ${s.pid} || exit 3; ` +
    `for i in $(seq 100); do [ "$(cat verdict 2>/dev/null | wc -l)" -gt "$n" ] && exec tail -n 1 verdict; sleep 0.1; done; exit 4`;
  return timed(name, async () => {
    const r = await s.runner.run(["sh", "-c", ask]);
    const verdict = r.output.trim();
    if (r.exitCode === 3) return { exitCode: 3, failure: { reason: `the process (pid ${s.pid}) is gone`, evidence: [] } };
    if (r.exitCode !== 0) return { exitCode: r.exitCode, failure: { reason: "no verdict within 10 s after SIGUSR1", evidence: [] } };
    if (verdict !== "PASS") return { exitCode: 1, failure: { reason: `program says ${verdict}`, evidence: [verdict] } };
    for (const c of s.scenario.outsideChecks ?? []) {
      const out = await s.runner.run(c.argv(s.pid));
      const bad = out.exitCode !== 0 ? `${c.argv(s.pid).join(" ")} exited ${out.exitCode}: ${out.output.trim()}` : c.verify(out.output);
      if (bad) return { exitCode: 1, failure: { reason: `outside check (${c.describe}): ${bad}`, evidence: [out.output] } };
    }
    return { exitCode: 0 };
  });
}

export async function runStep(s: CellState, kind: StepKind): Promise<StepResult> {
  const n = ++s.counts[kind];
  const name = stepName(kind, n);
  switch (kind) {
    case "start":
      return start(s, name);
    case "dump":
      return dump(s, name, n);
    case "restore":
      return restore(s, name, n);
    case "check":
      return check(s, name);
  }
}
