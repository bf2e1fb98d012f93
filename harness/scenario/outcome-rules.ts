// The outcome rule book: every rule that turns what a cell did into pass, fail, xfail, xpass,
// unsupported, build-error or harness-error, in one ordered list. The first rule that speaks decides.
import { stepLimit } from "../criu/log-classifier.js";
import { timedOutText } from "../platform/bounded-command.js";
import type { Outcome, StepRecord } from "../results/outcome.js";
import type { Expectation } from "./define-scenario.js";

/** Found before any step runs (for either side of a cross-version cell), with what shows it. */
export interface Blocker {
  kind: "criu-build-error" | "unavailable" | "program-build-error" | "kernel-limit" | "missing-feature";
  reason: string;
  /** The build log, the `criu check`, the VM console: shown as the cell's step. */
  evidence?: StepRecord;
}

/** One step as it ran. */
export interface StepFact {
  name: string;
  /** The scenario allows this step to fail (recorded, and the cell goes on). */
  mayFail: boolean;
  failure?: { reason: string; evidence: readonly string[]; logTail?: readonly string[] };
  harnessError?: string;
  /** The step hit the per-call time limit (--step-timeout). */
  timedOut?: StepTimeout;
  /** The step failed and the container's memory or pid limit had been hit: what, in words. */
  limitHit?: string;
}

/** Who hung: CRIU (a CRIU failure) or a command of the harness or the scenario (a harness error). */
export interface StepTimeout {
  seconds: number;
  by: "criu" | "harness";
}

export interface CellFacts {
  expectation: Expectation;
  blockers: readonly Blocker[];
  /** Undefined: the steps have not run (yet, or at all). */
  steps?: readonly StepFact[];
}

export interface Decision {
  outcome: Outcome;
  reason: string;
  /** The rule that decided, by name (README, "Outcomes", lists them in order). */
  rule: RuleName;
}

/** The precedence, highest first. A rule that finds nothing to say passes to the next. */
export const RULE_ORDER = [
  "declared-unsupported",
  "criu-build-error",
  "unavailable",
  "program-build-error",
  "kernel-limit-at-check",
  "missing-feature",
  "resource-limit",
  "step-timeout",
  "step-harness-error",
  "expected-failure",
  "step-limit",
  "unexpected-failure",
  "completed",
] as const;
export type RuleName = (typeof RULE_ORDER)[number];

/**
 * The step that stopped the cell: the first harness error, time-out or hit limit (even in a step
 * allowed to fail: the cell cannot go on), or the first failure of a step not allowed to fail.
 */
export function stoppingStep(steps: readonly StepFact[]): StepFact | undefined {
  return steps.find((s) => s.harnessError !== undefined || s.timedOut !== undefined || s.limitHit !== undefined || (s.failure !== undefined && !s.mayFail));
}

/** Whether the cell stops after this step (the runner asks after each one). */
export function stopsCell(step: StepFact): boolean {
  return stoppingStep([step]) !== undefined;
}

function blocker(kind: Blocker["kind"], outcome: Outcome): (f: CellFacts) => Omit<Decision, "rule"> | undefined {
  return (f) => {
    const b = f.blockers.find((x) => x.kind === kind);
    return b ? { outcome, reason: b.reason } : undefined;
  };
}

function xfailMatches(f: CellFacts, step: StepFact): boolean {
  const e = f.expectation;
  if (e.outcome !== "xfail" || !step.failure) return false;
  return [step.failure.reason, ...step.failure.evidence].some((line) => e.match.test(line));
}

const RULES: Record<RuleName, (f: CellFacts) => Omit<Decision, "rule"> | undefined> = {
  "declared-unsupported": ({ expectation: e }) => {
    if (e.outcome !== "unsupported") return undefined;
    const on = e.kernel ? ` on kernel ${e.kernel}` : "";
    return { outcome: "unsupported", reason: `the scenario declares CRIU ${e.criu}${on} unsupported: ${e.reason}${e.ref ? ` (${e.ref})` : ""}` };
  },
  "criu-build-error": blocker("criu-build-error", "build-error"),
  unavailable: blocker("unavailable", "harness-error"),
  "program-build-error": blocker("program-build-error", "build-error"),
  "kernel-limit-at-check": blocker("kernel-limit", "unsupported"),
  "missing-feature": blocker("missing-feature", "unsupported"),
  // A program that eats all memory or fork-bombs fails, whatever step noticed (a start that never
  // said ready, a check with no verdict): the limit is the cause, and it is the program's doing.
  "resource-limit": (f) => {
    const s = f.steps && stoppingStep(f.steps);
    return s?.limitHit !== undefined ? { outcome: "fail", reason: `${s.name}: ${s.limitHit}` } : undefined;
  },
  // A hung CRIU is a CRIU failure (never the expected one); a hung harness or scenario command is not CRIU's.
  "step-timeout": (f) => {
    const s = f.steps && stoppingStep(f.steps);
    if (!s?.timedOut) return undefined;
    const why = s.failure?.reason ?? s.harnessError ?? timedOutText(s.timedOut.seconds);
    return { outcome: s.timedOut.by === "criu" ? "fail" : "harness-error", reason: `${s.name}: ${why}` };
  },
  "step-harness-error": (f) => {
    const s = f.steps && stoppingStep(f.steps);
    return s?.harnessError !== undefined ? { outcome: "harness-error", reason: `${s.name}: ${s.harnessError}` } : undefined;
  },
  // The scenario named this very failure: it wins over a generic kernel or release limit.
  "expected-failure": (f) => {
    const s = f.steps && stoppingStep(f.steps);
    return s && xfailMatches(f, s) ? { outcome: "xfail", reason: `${s.name}: ${s.failure!.reason}` } : undefined;
  },
  "step-limit": (f) => {
    const s = f.steps && stoppingStep(f.steps);
    const limit = s?.failure && stepLimit([s.failure.reason, ...s.failure.evidence, ...(s.failure.logTail ?? [])]);
    return s && limit ? { outcome: "unsupported", reason: `${s.name}: ${limit}` } : undefined;
  },
  "unexpected-failure": (f) => {
    const s = f.steps && stoppingStep(f.steps);
    if (!s?.failure) return undefined;
    const reason = `${s.name}: ${s.failure.reason}`;
    return f.expectation.outcome === "xfail"
      ? { outcome: "fail", reason: `failed, but not as expected (${f.expectation.match}): ${reason}` }
      : { outcome: "fail", reason };
  },
  completed: (f) => {
    if (!f.steps) return undefined;
    const e = f.expectation;
    if (e.outcome !== "xfail") return { outcome: "pass", reason: "all steps and checks passed" };
    return { outcome: "xpass", reason: `expected to fail (${e.ref ?? `known, no upstream issue: ${e.known}`}) but every step passed` };
  },
};

function firstDecision(f: CellFacts, rules: readonly RuleName[]): Decision | undefined {
  for (const rule of rules) {
    const d = RULES[rule](f);
    if (d) return { ...d, rule };
  }
  return undefined;
}

/** Before any container starts: a decision means the cell is not run. */
export function decideBeforeRun(f: Omit<CellFacts, "steps">): Decision | undefined {
  return firstDecision({ ...f, steps: undefined }, RULE_ORDER);
}

/** After the steps ran (or stopped): always a decision. */
export function decideCell(f: CellFacts): Decision {
  const d = firstDecision(f, RULE_ORDER);
  if (!d) throw new Error("decideCell: the steps did not run and no rule stopped the cell");
  return d;
}
