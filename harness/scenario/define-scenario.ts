// A scenario: one behaviour or bug report, its program, its steps, and what each CRIU range should do.
import { existsSync } from "node:fs";
import semver from "semver";
import { InputError } from "../errors.js";
import { programSourcePath } from "./programs-dir.js";
import type { OutsideCheck } from "./outside-checks.js";

/**
 * start: run the program until it says ready. dump / restore: the CRIU calls (a second dump of a
 * restored process is the re-dump). check: the program checks itself, and the outside checks run.
 */
export const STEP_KINDS = ["start", "dump", "restore", "check"] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface PassExpectation {
  criu: string;
  outcome: "pass";
}

export interface XfailExpectation {
  criu: string;
  outcome: "xfail";
  /** What the failure must look like (matched against the failing step's errors and reason). */
  match: RegExp;
  /** The upstream commit or issue that explains it. */
  ref: string;
}

export type Expectation = PassExpectation | XfailExpectation;

export interface ScenarioDefinition {
  /** kebab-case, the same as the file name: scenarios/<name>.scenario.ts */
  name: string;
  summary: string;
  /** programs/<program>.c */
  program: string;
  steps: readonly StepKind[];
  outsideChecks?: readonly OutsideCheck[];
  dumpArgs?: readonly string[];
  restoreArgs?: readonly string[];
  /** First matching range wins; a version no range matches is expected to pass. */
  expectations: readonly Expectation[];
}

export type Scenario = Readonly<ScenarioDefinition>;

function problem(def: Partial<ScenarioDefinition>): string | undefined {
  if (!def.name || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(def.name)) return `name "${def.name ?? ""}" must be kebab-case`;
  if (!def.summary) return "summary is missing";
  if (!def.program || !existsSync(programSourcePath(def.program))) {
    return `program "${def.program ?? ""}" has no source at ${programSourcePath(def.program ?? "?")}`;
  }
  const steps = def.steps ?? [];
  const unknown = steps.find((s) => !STEP_KINDS.includes(s));
  if (unknown) return `unknown step "${String(unknown)}" (known: ${STEP_KINDS.join(", ")})`;
  if (steps[0] !== "start") return `steps must begin with "start"`;
  let dumped = 0;
  let restored = 0;
  for (const s of steps) {
    if (s === "dump") dumped++;
    if (s === "restore" && ++restored > dumped) return `a "restore" step comes before its "dump"`;
  }
  for (const e of def.expectations ?? []) {
    if (!semver.validRange(e.criu)) return `expectation range "${e.criu}" is not a semver range`;
    if (e.outcome === "xfail" && (!e.ref || !(e.match instanceof RegExp))) {
      return `xfail for "${e.criu}" needs a ref (upstream commit or issue) and a match pattern`;
    }
  }
  return undefined;
}

/** Validates eagerly: a malformed scenario is an error naming the scenario and the problem. */
export function defineScenario(def: ScenarioDefinition): Scenario {
  const why = problem(def);
  if (why) {
    throw new InputError(`scenario ${def.name || "(unnamed)"}: ${why}`, { hint: "see README, \"Adding a scenario\"" });
  }
  return Object.freeze({ ...def });
}
