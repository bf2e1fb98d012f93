// What a reproduction is, as data: the process, how CRIU is called, the steps and the check. The
// same spec becomes the in-memory scenario criu-lab runs and, with --save, the scenario file it writes.
import { stepName } from "../scenario/steps.js";
import type { CriuInvocation, Step } from "../scenario/define-scenario.js";

export type ReproProcess =
  /** A shell command (a script, python, a pipeline), run by /bin/sh. */
  | { kind: "run"; command: string }
  /** A plain C file (no criu_lab.h), compiled in each CRIU image. */
  | { kind: "program"; file: string };

export interface ReproSpec {
  /** kebab-case: the scenario's name (`repro`, or --save's). */
  name: string;
  process: ReproProcess;
  criu: Required<CriuInvocation>;
  dumpArgs: string[];
  restoreArgs: string[];
  /** Shell commands run before the process starts. */
  setup: string[];
  /** Shell commands run before every restore (a workaround, such as the X11 mkdir). */
  beforeRestore: string[];
  /** Restore in a fresh container (or a reset VM) each time, as a migration does. */
  migrate: boolean;
  /** Run after every restore with $PID set; exit 0 passes. Without it: the process tree must be unchanged. */
  check?: string;
  checkTimeoutSeconds: number;
  /** dump -> restore -> check rounds. */
  cycles: number;
  settleMs: number;
}

/** The program's name in programs/ (and /work/bin): the scenario name with underscores. */
export function programName(spec: Pick<ReproSpec, "name">): string {
  return spec.name.replaceAll("-", "_");
}

export function reproSteps(spec: ReproSpec): Step[] {
  const exec = (name: string, run: string): Step => ({ step: "exec", name, run });
  const numbered = (base: string, list: string[]) => list.map((run, i) => exec(i === 0 ? base : `${base}-${i + 1}`, run));
  const steps: Step[] = [...numbered("setup", spec.setup), "start"];
  for (let c = 1; c <= spec.cycles; c++) {
    steps.push("dump");
    if (spec.migrate) steps.push("migrate");
    steps.push(...numbered(`before-${stepName("restore", c)}`, spec.beforeRestore), "restore", "check");
  }
  return steps;
}

/** One line for people: what ran and how it was checked. */
export function describeSpec(spec: ReproSpec): string {
  const what = spec.process.kind === "run" ? `\`${spec.process.command}\` (run by /bin/sh)` : `the C program ${spec.process.file.split("/").at(-1)}`;
  const how = [spec.criu.shellJob ? "as a shell job on a pty" : "in its own session", spec.criu.wrapper === "criu-ns" ? "dumped and restored with criu-ns" : ""].filter(Boolean).join(", ");
  const cycles = `${spec.cycles} dump/restore cycle${spec.cycles === 1 ? "" : "s"}${spec.migrate ? ", each restore in a fresh container" : ""}`;
  const check = spec.check ? `after each restore \`${spec.check}\` must exit 0` : "after each restore the process tree must be alive and unchanged (same pids and names)";
  return `${what}, ${how}; ${cycles}; ${check}`;
}
