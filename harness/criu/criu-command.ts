// CRIU's check, dump and restore as calls that keep argv, exit code, duration and the log of each run.
import { randomBytes } from "node:crypto";
import { criuErrors, failureSummary, unsupportedReason } from "./log-classifier.js";
import { DEFAULT_STEP_TIMEOUT_SECONDS, killedByLimit, timedOutText, timeoutPrefix } from "../platform/bounded-command.js";
import { shellLine, type CommandRunner } from "../platform/command-runner.js";

export interface CriuRun {
  /** Step label: dump, restore, re-dump, check... */
  name: string;
  argv: string[];
  exitCode: number;
  ms: number;
  /** Path of the full log inside the executor. */
  logFile: string;
  logTail: string[];
  errors: string[];
  /** What CRIU printed on stdout/stderr (criu check talks there). */
  output: string;
  /** Set when CRIU hung and was killed at the time limit: the limit in seconds. */
  timedOutAfter?: number;
  /** What `CallShell.after` printed (only when CRIU exited 0). */
  after?: string;
}

/** Shell run in the same round trip as the CRIU call: each docker exec or agent call costs ~40 ms. */
export interface CallShell {
  /** Before CRIU (making its images directory, say); CRIU does not run if it fails. */
  before?: string;
  /** After CRIU exited 0 (reading its stats, say), in a subshell of its own. */
  after?: string;
}

export interface CriuOptions {
  /** The binary, or a wrapper such as criu-ns. */
  binary?: string;
  /** Where logs are written inside the executor. */
  logDir: string;
  /** How many log lines to keep in results. */
  tailLines?: number;
  /** Each call is killed after this long (default DEFAULT_STEP_TIMEOUT_SECONDS). */
  timeoutSeconds?: number;
}

export class Criu {
  constructor(
    private readonly runner: CommandRunner,
    private readonly options: CriuOptions,
  ) {}

  private async run(name: string, binary: string, args: string[], shell: CallShell = {}): Promise<CriuRun> {
    const logFile = `${this.options.logDir}/${name}.log`;
    const argv = [binary, ...args, "-o", logFile, "-v4"];
    const started = Date.now();
    // CRIU writes its log to logFile; what it prints (check's verdict) comes back as output.
    // A hung CRIU must not hang the run: killed after the time limit, which timeout says.
    const limit = this.options.timeoutSeconds ?? DEFAULT_STEP_TIMEOUT_SECONDS;
    // Output goes to a file, not to docker exec's pipe: a detached restore leaves processes (criu-ns's
    // criu as the new namespace's init) that would hold the pipe, and exec, open.
    const out = `${this.options.logDir}/${name}.out`;
    // One round trip: what CRIU printed, a marker, its log, and what `after` printed behind another.
    const marker = `--- criu-lab: ${name}.log ${randomBytes(4).toString("hex")} ---`;
    const afterMarker = `${marker} after`;
    const before = shell.before ? `${shell.before} && ` : "";
    const after = shell.after ? ` [ $rc -eq 0 ] && { echo; echo '${afterMarker}'; (${shell.after}) 2>&1; };` : "";
    const r = await this.runner.run([
      "sh",
      "-c",
      `mkdir -p ${this.options.logDir} && ${before}${timeoutPrefix(limit)} ${shellLine(argv)} > ${out} 2>&1 </dev/null; rc=$?; cat ${out}; echo; echo '${marker}'; cat ${logFile} 2>/dev/null;${after} exit $rc`,
    ]);
    const ms = Date.now() - started;
    const afterAt = shell.after ? r.output.lastIndexOf(`${afterMarker}\n`) : -1;
    const whole = afterAt < 0 ? r.output : r.output.slice(0, Math.max(0, afterAt - 1));
    const at = whole.lastIndexOf(`${marker}\n`);
    const output = at < 0 ? whole : whole.slice(0, Math.max(0, at - 1));
    const log = at < 0 ? "" : whole.slice(at + marker.length + 1);
    const tailLines = this.options.tailLines ?? 40;
    return {
      name,
      argv,
      exitCode: r.exitCode,
      ms,
      logFile,
      logTail: log.split("\n").filter(Boolean).slice(-tailLines),
      errors: criuErrors(`${log}\n${output}`),
      output,
      ...(killedByLimit({ exitCode: r.exitCode, output }) ? { timedOutAfter: limit } : {}),
      ...(afterAt >= 0 ? { after: r.output.slice(afterAt + afterMarker.length + 1) } : {}),
    };
  }

  /** `criu check` (or `--feature NAME`); CRIU keeps a log like any other run. */
  async check(feature?: string): Promise<CriuRun & { unsupported?: string }> {
    const args = feature ? ["check", "--feature", feature] : ["check"];
    const run = await this.run(feature ? `check-${feature}` : "check", "criu", args);
    const text = `${run.output}\n${run.logTail.join("\n")}`;
    return { ...run, unsupported: run.exitCode === 0 ? undefined : unsupportedReason(text) };
  }

  dump(name: string, pid: number, imagesDir: string, extra: readonly string[] = [], shell: CallShell = {}): Promise<CriuRun> {
    return this.run(name, this.options.binary ?? "criu", ["dump", "-t", String(pid), "-D", imagesDir, ...extra], shell);
  }

  restore(name: string, imagesDir: string, extra: readonly string[] = [], shell: CallShell = {}): Promise<CriuRun> {
    return this.run(name, this.options.binary ?? "criu", ["restore", "-D", imagesDir, ...extra], shell);
  }
}

/** One line for a failed run: the command, its exit code, and why. */
export function describeFailure(run: CriuRun): string {
  if (run.timedOutAfter !== undefined) return `${run.name} ${timedOutText(run.timedOutAfter)} (CRIU hung and was killed)${run.logTail.length ? `; its log ends: ${run.logTail.at(-1)}` : ""}`;
  const why = run.errors[0] ?? failureSummary(`${run.logTail.join("\n")}\n${run.output}`);
  return `${run.name} exited ${run.exitCode}: ${why}`;
}
