// dump and restore steps: plain `criu restore -d`, or (shell jobs) a restore that stays attached
// to a fresh pty, with criu or criu-ns.
import { describeFailure, type CriuRun } from "../criu/criu-command.js";
import { criuErrors } from "../criu/log-classifier.js";
import { shellLine } from "../criu/command-runner.js";
import type { StepRecord } from "../results/outcome.js";
import { IMAGES_DIR, LOG_DIR, programPath, type CellState, type StepResult } from "./cell-state.js";

function fromCriu(run: CriuRun): StepResult {
  const record: StepRecord = { name: run.name, exitCode: run.exitCode, ms: run.ms, argv: run.argv, errors: run.errors, logTail: run.logTail };
  if (run.exitCode === 0) return { record };
  return { record: { ...record, error: describeFailure(run) }, failure: { reason: describeFailure(run), evidence: run.errors } };
}

function shellJobArgs(s: CellState): string[] {
  return s.scenario.criu?.shellJob ? ["--shell-job"] : [];
}

export async function dump(s: CellState, name: string, n: number): Promise<StepResult> {
  const dir = `${IMAGES_DIR}/${n}`;
  await s.container.run(["mkdir", "-p", dir]);
  return fromCriu(await s.criu.dump(name, s.pid, dir, [...shellJobArgs(s), ...(s.scenario.dumpArgs ?? [])]));
}

/** The restored tree's root: the oldest process running the program (the dumped one is gone). */
async function findRestoredRoot(s: CellState): Promise<number | undefined> {
  const r = await s.container.run(["pgrep", "-o", "-f", `^${programPath(s)}( |$)`]);
  return r.exitCode === 0 ? Number(r.output.trim()) : undefined;
}

async function detachedRestore(s: CellState, name: string, dir: string): Promise<StepResult> {
  const pidfile = `${dir}/${name}.pid`;
  const result = fromCriu(await s.criu.restore(name, dir, ["-d", "--pidfile", pidfile, ...(s.scenario.restoreArgs ?? [])]));
  if (result.failure) return result;
  // criu-ns before v3.19 writes the pid as seen inside the new pid namespace: ask from outside.
  const pid = s.scenario.criu?.wrapper === "criu-ns"
    ? await findRestoredRoot(s)
    : Number((await s.container.run(["sh", "-c", `p=$(cat ${pidfile}) && kill -0 "$p" && echo "$p"`])).output.trim()) || undefined;
  if (!pid) return { ...result, failure: { reason: "restore exited 0 but the restored process is not alive", evidence: [] } };
  s.pid = pid;
  return result;
}

/**
 * A shell job is restored in the foreground of a terminal: criu(-ns) runs on a fresh pty made by
 * `script`, fed by a never-ending pipe, and stays attached while the restored job lives.
 */
async function attachedRestore(s: CellState, name: string, dir: string): Promise<StepResult> {
  const log = `${LOG_DIR}/${name}.log`;
  const rc = `${LOG_DIR}/${name}.rc`;
  const binary = s.scenario.criu?.wrapper ?? "criu";
  const argv = [binary, "restore", "-D", dir, "--shell-job", "-o", log, "-v4", ...(s.scenario.restoreArgs ?? [])];
  const inner = `${shellLine(argv)}; echo $? > ${rc}`;
  const launch = `mkdir -p ${LOG_DIR} && (sleep infinity | script -qfec ${shellLine([inner])} /dev/null > ${LOG_DIR}/${name}.pty 2>&1 &)`;
  const wait = `for i in $(seq 600); do grep -q "Restore finished successfully" ${log} 2>/dev/null && exit 0; [ -f ${rc} ] && exit "$(cat ${rc})"; sleep 0.1; done; exit 124`;
  const started = Date.now();
  const r = await s.container.run(["sh", "-c", `${launch}; ${wait}`]);
  const ms = Date.now() - started;
  const text = (await s.container.run(["sh", "-c", `cat ${log} 2>/dev/null`])).output;
  const record: StepRecord = { name, exitCode: r.exitCode, ms, argv, errors: criuErrors(text), logTail: text.split("\n").filter(Boolean).slice(-40) };
  if (r.exitCode !== 0) {
    const why = r.exitCode === 124 ? "restore did not finish within 60 s" : `restore exited ${r.exitCode}: ${record.errors?.[0] ?? record.logTail?.at(-1) ?? "no log"}`;
    return { record: { ...record, error: why }, failure: { reason: why, evidence: record.errors ?? [] } };
  }
  const pid = await findRestoredRoot(s);
  if (!pid) return { record: { ...record, error: "no restored process" }, failure: { reason: "restore finished but the restored process is not alive", evidence: [] } };
  s.pid = pid;
  return { record };
}

export function restore(s: CellState, name: string): Promise<StepResult> {
  const dir = `${IMAGES_DIR}/${s.counts.dump}`;
  return s.scenario.criu?.shellJob ? attachedRestore(s, name, dir) : detachedRestore(s, name, dir);
}
