// dump, restore and clone steps. Restores are `criu restore -d`, or, for shell jobs, a restore that
// stays attached to a fresh pty. After a clone, each step acts on every copy. Successful dumps and
// restores keep CRIU's stats.
import { describeFailure, type CriuRun } from "../criu/criu-command.js";
import { Criu } from "../criu/criu-command.js";
import { criuErrors } from "../criu/log-classifier.js";
import { shellLine } from "../platform/command-runner.js";
import { shellWait, shownMs } from "../platform/shell-wait.js";
import type { StepRecord } from "../results/outcome.js";
import { IMAGES_DIR, LOG_DIR, programPath, type CellState, type StepResult } from "./cell-state.js";
import { STATS_FILES, parseStats, readStepStats, statsShell, sumStats } from "./criu-step-stats.js";

/** criu-ns -d returns before criu has restored: its log says so within this. */
const RESTORE_LOG_TIMEOUT_MS = 15_000;
/** A shell job's restore, attached to its pty, finishes within this. */
const ATTACHED_RESTORE_TIMEOUT_MS = 60_000;
/** criu-ns and shell-job restores are seen finished before CRIU writes stats-restore: wait this long for it. */
const LATE_STATS_MS = 3_000;

function fromCriu(run: CriuRun): StepResult {
  const record: StepRecord = { name: run.name, exitCode: run.exitCode, ms: run.ms, argv: run.argv, errors: run.errors, logTail: run.logTail };
  if (run.exitCode === 0) return { record };
  const timedOut = run.timedOutAfter !== undefined ? { timedOut: { seconds: run.timedOutAfter, by: "criu" as const } } : {};
  return { record: { ...record, error: describeFailure(run) }, failure: { reason: describeFailure(run), evidence: run.errors }, ...timedOut };
}

/** Several CRIU runs as one step: the first failure speaks for the step; times add up. */
function combine(name: string, results: StepResult[]): StepResult {
  const failed = results.find((r) => r.failure);
  const base = failed ?? results[0]!;
  const ms = results.reduce((t, r) => t + r.record.ms, 0);
  const stats = failed ? undefined : sumStats(results.flatMap((r) => (r.record.stats ? [r.record.stats] : [])));
  return { ...base, record: { ...base.record, name, ms, ...(stats ? { stats } : {}) } };
}

function shellJobArgs(s: CellState): string[] {
  return s.scenario.criu?.shellJob ? ["--shell-job"] : [];
}

/** Dumps every live copy: one images directory each (img/N, or img/N/K after a clone). */
export async function dump(s: CellState, name: string, n: number): Promise<StepResult> {
  const dirs = s.pids.length === 1 ? [`${IMAGES_DIR}/${n}`] : s.pids.map((_, k) => `${IMAGES_DIR}/${n}/${k + 1}`);
  const results: StepResult[] = [];
  for (const [k, pid] of s.pids.entries()) {
    const log = s.pids.length === 1 ? name : `${name}-copy${k + 1}`;
    const imagesDir = dirs[k]!;
    // The directory made and the stats read in the CRIU call's own round trip.
    const run = await s.criu.dump(log, pid, imagesDir, [...shellJobArgs(s), ...(s.scenario.dumpArgs ?? [])], { before: `mkdir -p ${imagesDir}`, after: statsShell({ kind: "dump", imagesDir }) });
    const r = fromCriu(run);
    if (!r.failure) r.record.stats = parseStats("dump", run.after);
    results.push(r);
  }
  s.dumpDirs = dirs;
  return s.pids.length === 1 ? results[0]! : combine(name, results);
}

async function programPids(s: CellState): Promise<Set<number>> {
  const r = await s.executor.run(["pgrep", "-f", `^${programPath(s)}( |$)`]);
  return new Set(r.output.split("\n").filter(Boolean).map(Number));
}

/** Roots of the trees that appeared since `before`: new program processes whose parent is not one. */
async function newRoots(s: CellState, before: Set<number>): Promise<number[]> {
  const fresh = [...(await programPids(s))].filter((p) => !before.has(p));
  if (fresh.length === 0) return [];
  const r = await s.executor.run(["ps", "-o", "pid=,ppid=", "-p", fresh.join(",")]);
  const rows = r.output.split("\n").map((l) => l.trim().split(/\s+/).map(Number)).filter((x) => x.length === 2);
  return rows.filter(([, ppid]) => !fresh.includes(ppid!)).map(([pid]) => pid!).sort((a, b) => a - b);
}

/** Waits until CRIU's log says the restore finished (criu-ns -d returns before criu has restored). */
async function restoreFinished(s: CellState, log: string): Promise<boolean> {
  const r = await s.executor.run(["sh", "-c", shellWait({ until: `grep -q "Restore finished successfully" ${log} 2>/dev/null`, timeoutMs: RESTORE_LOG_TIMEOUT_MS, timeoutExit: 1 })]);
  return r.exitCode === 0;
}

async function detachedRestore(s: CellState, criu: Criu, name: string, dir: string): Promise<StepResult & { pids: number[] }> {
  if ((s.scenario.criu?.wrapper ?? "criu") === "criu") {
    // Plain criu returns once the tree runs, and its --pidfile holds the root's pid.
    // Whether the root lives, and the stats, in the CRIU call's own round trip.
    const pidfile = `${dir}/${name}.pid`;
    const alive = `p=$(cat ${pidfile}) && kill -0 "$p" && echo "alive $p"; ${statsShell({ kind: "restore", imagesDir: dir })}`;
    const run = await criu.restore(name, dir, ["-d", "--pidfile", pidfile, ...(s.scenario.restoreArgs ?? [])], { after: alive });
    const result = fromCriu(run);
    if (result.failure) return { ...result, pids: [] };
    const pid = /^alive (\d+)$/m.exec(run.after ?? "")?.[1];
    if (!pid) return { ...result, pids: [], failure: { reason: "restore exited 0 but the restored process is not alive", evidence: [] } };
    result.record.stats = parseStats("restore", (run.after ?? "").replace(/^alive \d+\n/m, ""));
    return { ...result, pids: [Number(pid)] };
  }
  // criu-ns: no --pidfile (it polls for it once a second, and before v3.19 it holds the pid inside
  // the new namespace); -d returns before criu has restored. Wait for the log, find roots from outside.
  const before = await programPids(s);
  await s.executor.run(["rm", "-f", `${dir}/${STATS_FILES.restore}`]);
  const run = await criu.restore(name, dir, ["-d", ...(s.scenario.restoreArgs ?? [])]);
  const result = fromCriu(run);
  if (result.failure) return { ...result, pids: [] };
  const finished = await restoreFinished(s, run.logFile);
  const pids = await newRoots(s, before);
  if (!finished || pids.length === 0) {
    const why = finished ? "restore finished but no restored process is alive" : `criu exited 0 but its log does not say the restore finished within ${shownMs(RESTORE_LOG_TIMEOUT_MS)}`;
    return { ...result, pids, failure: { reason: why, evidence: [] } };
  }
  result.record.stats = await readStepStats(s.executor, { kind: "restore", imagesDir: dir, waitMs: LATE_STATS_MS });
  return { ...result, pids };
}

/**
 * A shell job is restored in the foreground of a terminal: criu(-ns) runs on a fresh pty made by
 * `script`, fed by a never-ending pipe, and stays attached while the restored job lives.
 */
async function attachedRestore(s: CellState, name: string, dir: string): Promise<StepResult & { pids: number[] }> {
  const log = `${LOG_DIR}/${name}.log`;
  const rc = `${LOG_DIR}/${name}.rc`;
  const binary = s.scenario.criu?.wrapper ?? "criu";
  const argv = [binary, "restore", "-D", dir, "--shell-job", "-o", log, "-v4", ...(s.scenario.restoreArgs ?? [])];
  const inner = `${shellLine(argv)}; echo $? > ${rc}`;
  // Nothing in the background may keep docker exec's pipes: dockerd then waits 2 s for them.
  const launch = `mkdir -p ${LOG_DIR} && rm -f ${dir}/${STATS_FILES.restore} && (sleep infinity </dev/null 2>/dev/null | script -qfec ${shellLine([inner])} /dev/null > ${LOG_DIR}/${name}.pty 2>&1 &)`;
  const wait = shellWait({ until: `grep -q "Restore finished successfully" ${log} 2>/dev/null`, unless: `[ -f ${rc} ] && exit "$(cat ${rc})"`, timeoutMs: ATTACHED_RESTORE_TIMEOUT_MS, timeoutExit: 124 });
  const before = await programPids(s);
  const started = Date.now();
  const r = await s.executor.run(["sh", "-c", `${launch}; ${wait}`]);
  const ms = Date.now() - started;
  const text = (await s.executor.run(["sh", "-c", `cat ${log} 2>/dev/null`])).output;
  const record: StepRecord = { name, exitCode: r.exitCode, ms, argv, errors: criuErrors(text), logTail: text.split("\n").filter(Boolean).slice(-40) };
  if (r.exitCode !== 0) {
    const why = r.exitCode === 124 ? `restore did not finish within ${shownMs(ATTACHED_RESTORE_TIMEOUT_MS)}` : `restore exited ${r.exitCode}: ${record.errors?.[0] ?? record.logTail?.at(-1) ?? "no log"}`;
    return { record: { ...record, error: why }, failure: { reason: why, evidence: record.errors ?? [] }, pids: [] };
  }
  const pids = await newRoots(s, before);
  if (pids.length === 0) return { record: { ...record, error: "no restored process" }, failure: { reason: "restore finished but the restored process is not alive", evidence: [] }, pids };
  record.stats = await readStepStats(s.executor, { kind: "restore", imagesDir: dir, waitMs: LATE_STATS_MS });
  return { record, pids };
}

/** Restores each copy's last images, one after the other. */
export async function restore(s: CellState, name: string): Promise<StepResult> {
  const results: StepResult[] = [];
  const pids: number[] = [];
  for (const [k, dir] of s.dumpDirs.entries()) {
    const log = s.dumpDirs.length === 1 ? name : `${name}-copy${k + 1}`;
    const r = s.scenario.criu?.shellJob ? await attachedRestore(s, log, dir) : await detachedRestore(s, s.criu, log, dir);
    results.push(r);
    if (r.failure) break;
    pids.push(...r.pids);
  }
  const combined = s.dumpDirs.length === 1 ? results[0]! : combine(name, results);
  if (!combined.failure) s.pids = pids;
  return combined;
}

/**
 * Restores the last images `copies` times at once; every copy must be alive, each in its own pid
 * namespace. No stats: the copies' restores all write the one stats-restore of that directory.
 */
export async function clone(s: CellState, name: string, copies: number, wrapper: "criu" | "criu-ns"): Promise<StepResult> {
  const dir = s.dumpDirs[0]!;
  const criu = new Criu(s.executor, { logDir: LOG_DIR, binary: wrapper, timeoutSeconds: s.stepTimeoutSeconds });
  const before = await programPids(s);
  const started = Date.now();
  const runs = await Promise.all(
    Array.from({ length: copies }, (_, k) => criu.restore(`${name}-copy${k + 1}`, dir, ["-d", ...(s.scenario.restoreArgs ?? [])])),
  );
  const failed = runs.find((r) => r.exitCode !== 0);
  const base = fromCriu(failed ?? runs[0]!);
  const record: StepRecord = { ...base.record, name, ms: Date.now() - started };
  if (failed) return { ...base, record };
  for (const run of runs) await restoreFinished(s, run.logFile);
  const pids = await newRoots(s, before);
  const namespaces = await Promise.all(pids.map(async (p) => (await s.executor.run(["readlink", `/proc/${p}/ns/pid`])).output.trim()));
  record.observed = pids.map((p, k) => `copy ${k + 1}: pid ${p}, ${namespaces[k]}`);
  if (pids.length !== copies) {
    return { record, failure: { reason: `${copies} restores succeeded but ${pids.length} copies are alive`, evidence: record.observed } };
  }
  if (wrapper === "criu-ns" && new Set(namespaces).size !== copies) {
    return { record, failure: { reason: "the copies do not each have their own pid namespace", evidence: record.observed } };
  }
  s.pids = pids;
  s.dumpDirs = pids.map(() => dir);
  return { record };
}
