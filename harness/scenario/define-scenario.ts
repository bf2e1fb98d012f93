// A scenario: one behaviour or bug report, its program, its steps, and what each CRIU range should do.
import { existsSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { InputError } from "../platform/errors.js";
import { programSourcePath } from "./programs-dir.js";
import type { OutsideCheck } from "./outside-checks.js";
import { shapeProblem } from "./scenario-shape.js";

/**
 * start: run the program until it says ready. dump / restore: the CRIU calls (a second dump of a
 * restored process is the re-dump). check: the program checks itself, and the outside checks run.
 * migrate: carry the images and the program's files into a fresh container (of the restore-side
 * CRIU version in a cross-version cell). exec: a shell command in the container (a workaround).
 * clone: restore the last images several times at once, every copy alive at the same time; later
 * steps then act on each copy (a dump re-dumps every copy, a restore restores each).
 */
export const STEP_KINDS = ["start", "dump", "restore", "check", "migrate", "exec", "clone"] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface StepSpec {
  step: StepKind;
  /** Shown in results instead of the generated name. */
  name?: string;
  /** exec only: the shell command. */
  run?: string;
  /** The step's failure is recorded and the cell goes on (e.g. the restore before a workaround). */
  mayFail?: boolean;
  /** clone only: how many copies (default 4). */
  copies?: number;
  /** clone only: restore with this instead of the scenario's wrapper (plain criu shows the pid clash). */
  wrapper?: "criu" | "criu-ns";
}

export type Step = Exclude<StepKind, "exec"> | StepSpec;

export function stepSpec(step: Step): StepSpec {
  return typeof step === "string" ? { step } : step;
}

export interface CriuInvocation {
  /** criu (default) or the criu-ns wrapper, which restores into fresh pid+mount namespaces. */
  wrapper?: "criu" | "criu-ns";
  /** Start the program as a job on a pty, dump/restore with --shell-job, restore under a pty. */
  shellJob?: boolean;
}

interface VersionRanges {
  /** semver range of the CRIU version that runs the cell (in a cross-version cell: the dumping one). */
  criu: string;
  /** Cross-version cells: semver range of the restoring CRIU version (default: any). */
  restoreCriu?: string;
  /** semver range of the kernel release (6.1.0-50-amd64 counts as 6.1.0) it applies to (default: any). */
  kernel?: string;
}

export interface PassExpectation extends VersionRanges {
  outcome: "pass";
}

interface XfailBase extends VersionRanges {
  outcome: "xfail";
  /** What the failure must look like (matched against the failing step's errors and reason). */
  match: RegExp;
}

/**
 * An expected failure names either the upstream commit or issue that explains (or fixes) it, or,
 * for one this project reproduced and upstream has not filed, what is known about it.
 */
export type XfailExpectation = XfailBase & ({ ref: string; known?: undefined } | { known: string; ref?: undefined });

/** Known not to work in this range (a missing tool, a kernel feature): the cell is not run. */
export interface UnsupportedExpectation extends VersionRanges {
  outcome: "unsupported";
  /** Why, in one line. */
  reason: string;
  ref?: string;
}

export type Expectation = PassExpectation | XfailExpectation | UnsupportedExpectation;

export interface ScenarioDefinition {
  /** kebab-case, the same as the file name: scenarios/<name>.scenario.ts */
  name: string;
  summary: string;
  /** programs/<program>.c */
  program: string;
  /** Where <program>.c is when not in the project's programs/ (criu-lab repro runs from a scratch directory). */
  programsDir?: string;
  /**
   * The program does not follow criu_lab.h (a user's program as it is): the harness notes its pid as
   * it starts and waits `settleMs`; check steps run only the outside checks (sameProcessTree is the
   * usual one), since the program cannot check itself.
   */
  plainProgram?: { settleMs: number };
  steps: readonly Step[];
  outsideChecks?: readonly OutsideCheck[];
  criu?: CriuInvocation;
  /** `criu check --feature NAME` must pass, else the cell is unsupported (naming the feature). */
  features?: readonly string[];
  /** Cells are (dump version -> restore version) pairs; needs a "migrate" step; program should be static. */
  crossVersion?: boolean;
  dumpArgs?: readonly string[];
  restoreArgs?: readonly string[];
  /** First matching range wins; a version no range matches is expected to pass. */
  expectations: readonly Expectation[];
  /**
   * false: run only when named in --scenarios, never in the default matrix. For the performance
   * scenarios, whose purpose is the measure and whose cost would slow every default run; their
   * cells say `measured`, and reports chart their CRIU stats.
   */
  inDefaultMatrix?: boolean;
}

export type Scenario = Readonly<ScenarioDefinition>;

function problem(def: Partial<ScenarioDefinition>): string | undefined {
  const wrongShape = shapeProblem(def);
  if (wrongShape) return wrongShape;
  if (!def.name || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(def.name)) return `name "${def.name ?? ""}" must be kebab-case`;
  if (!def.summary) return "summary is missing";
  const source = def.programsDir ? join(def.programsDir, `${def.program ?? "?"}.c`) : programSourcePath(def.program ?? "?");
  if (!def.program || !existsSync(source)) return `program "${def.program ?? ""}" has no source at ${source}`;
  const steps = (def.steps ?? []).map(stepSpec);
  const unknown = steps.find((s) => !STEP_KINDS.includes(s.step));
  if (unknown) return `unknown step "${String(unknown.step)}" (known: ${STEP_KINDS.join(", ")})`;
  // Set-up commands may come first; the program starts before anything else.
  if (steps.find((s) => s.step !== "exec")?.step !== "start") return `steps must begin with "start" (after any "exec" set-up)`;
  if (def.plainProgram && steps.some((s) => s.step === "check") && !def.outsideChecks?.length) {
    return `a plainProgram cannot check itself: its "check" steps need outsideChecks (sameProcessTree, commandCheck)`;
  }
  const badExec = steps.find((s) => s.step === "exec" && !s.run);
  if (badExec) return `an "exec" step needs a "run" command`;
  const badClone = steps.find((s) => s.step === "clone" && (s.copies ?? 4) < 1);
  if (badClone) return `a "clone" step needs copies >= 1`;
  if (steps.some((s) => s.step === "clone") && def.criu?.shellJob) return `"clone" restores detached copies: it does not go with shellJob`;
  let dumped = false;
  for (const s of steps) {
    if (s.step === "dump") dumped = true;
    // The same images may be restored more than once (a failed restore, a workaround, again).
    if ((s.step === "restore" || s.step === "clone") && !dumped) return `a "${s.step}" step comes before any "dump"`;
  }
  if (def.crossVersion && !steps.some((s) => s.step === "migrate")) return `a crossVersion scenario needs a "migrate" step`;
  for (const e of def.expectations ?? []) {
    if (!semver.validRange(e.criu)) return `expectation range "${e.criu}" is not a semver range`;
    if (e.restoreCriu !== undefined && !semver.validRange(e.restoreCriu)) return `expectation range "${e.restoreCriu}" is not a semver range`;
    if (e.kernel !== undefined && !semver.validRange(e.kernel)) return `expectation kernel range "${e.kernel}" is not a semver range`;
    if (e.outcome === "unsupported" && !e.reason) return `unsupported for "${e.criu}" needs a reason`;
    if (e.outcome !== "xfail") continue;
    // Typed as one or the other; a scenario file in plain JS could still give both.
    const cites: { ref?: string; known?: string } = e;
    if (!(cites.ref || cites.known) || !(e.match instanceof RegExp)) {
      return `xfail for "${e.criu}" needs a match pattern and a ref (upstream commit or issue) or, with no upstream issue, known (what it is)`;
    }
    if (cites.ref && cites.known) return `xfail for "${e.criu}" has both ref and known: a known failure has no upstream reference`;
  }
  return undefined;
}

/** Validates eagerly: a malformed scenario is an error naming the scenario and the problem. */
export function defineScenario(def: ScenarioDefinition): Scenario {
  const why = problem(def);
  if (why) {
    const name = typeof def?.name === "string" && def.name ? def.name : "(unnamed)";
    throw new InputError(`scenario ${name}: ${why}`, { hint: "see README, \"Adding a scenario\"" });
  }
  return Object.freeze({ ...def });
}
