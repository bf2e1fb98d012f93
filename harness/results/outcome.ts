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
  outcome: "pass" | "xfail" | "unsupported";
  /** The semver range of CRIU versions it applies to. */
  range: string;
  /** The range of kernel releases it applies to, when it names one. */
  kernel?: string;
  ref?: string;
  /** unsupported: why. */
  reason?: string;
}

export interface CellRecord {
  scenario: string;
  /** The CRIU version that ran the cell (in a cross-version cell: the one that dumped). */
  criuVersion: string;
  /** Cross-version cells only: the CRIU version that restored. */
  restoreVersion?: string;
  /** The kernel as named on the command line: host, debian:6.1, /path/to/bzImage. */
  kernelName: string;
  /** Its release, as `uname -r` says where the cell ran. */
  kernel: string;
  /** host: a container on the host's kernel; vm: a qemu VM booted with that kernel. */
  executor: "container" | "vm";
  /** VM cells: how the VM ran (kvm or tcg). */
  accel?: string;
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

export function cellId(c: Pick<CellRecord, "scenario" | "criuVersion" | "restoreVersion"> & { kernelName?: string }): string {
  const base = c.restoreVersion ? `${c.scenario}@${c.criuVersion}-to-${c.restoreVersion}` : `${c.scenario}@${c.criuVersion}`;
  return !c.kernelName || c.kernelName === "host" ? base : `${base}@${c.kernelName.replace(/[^\w.-]+/g, "-")}`;
}

/** How people name a cell: scenario @ version (-> restore version) on kernel. */
export function cellLabel(c: Pick<CellRecord, "scenario" | "criuVersion" | "restoreVersion" | "kernelName">): string {
  const versions = c.restoreVersion ? `${c.criuVersion} -> ${c.restoreVersion}` : c.criuVersion;
  return `${c.scenario} @ ${versions} on ${c.kernelName}`;
}
