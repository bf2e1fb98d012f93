// The outcome words (README, "Outcomes", says what each means) and the records a run writes: one CellRecord per (scenario, CRIU version, kernel).

export const OUTCOMES = ["pass", "fail", "xfail", "xpass", "unsupported", "build-error", "harness-error"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes that make a run (and CI) red. */
export const BAD_OUTCOMES: readonly Outcome[] = ["fail", "xpass", "build-error", "harness-error"];


export interface StepRecord {
  name: string;
  exitCode: number | null;
  ms: number;
  argv?: string[];
  /** Why the step failed, one line. */
  error?: string;
  /** CRIU's Error lines (noise removed). */
  errors?: string[];
  logTail?: string[];
  /** What outside checks saw (kept for passing checks too). */
  observed?: string[];
  /** The full log, relative to the run directory. */
  logFile?: string;
}

export interface ExpectationRecord {
  outcome: "pass" | "xfail";
  /** The semver range of CRIU versions it applies to. */
  range: string;
  ref?: string;
}

export interface CellRecord {
  scenario: string;
  /** The CRIU version that ran the cell (in a cross-version cell: the one that dumped). */
  criuVersion: string;
  /** Cross-version cells only: the CRIU version that restored. */
  restoreVersion?: string;
  kernel: string;
  executor: "container";
  image?: string;
  outcome: Outcome;
  reason: string;
  expectation: ExpectationRecord;
  /** Every xfail the scenario knows of (all ranges), so reports can cite them even where a cell passes. */
  knownIssues?: ExpectationRecord[];
  steps: StepRecord[];
  ms: number;
  startedAt: string;
}

export function cellId(c: Pick<CellRecord, "scenario" | "criuVersion" | "restoreVersion">): string {
  return c.restoreVersion ? `${c.scenario}@${c.criuVersion}-to-${c.restoreVersion}` : `${c.scenario}@${c.criuVersion}`;
}
