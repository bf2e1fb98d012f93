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
  /** dump and restore steps that succeeded: CRIU's own stats image (stats-dump / stats-restore). */
  stats?: CriuStats;
}

/**
 * CRIU's stats image of one successful dump or restore, decoded (images/stats.proto), with the
 * images' size on disk for dumps. `missing` says the file was not there: never read as zeros.
 */
export type CriuStats =
  | { kind: "dump" | "restore"; missing: true; why: string }
  | { kind: "dump"; missing?: false; fields: Record<string, number>; imagesBytes?: number }
  | { kind: "restore"; missing?: false; fields: Record<string, number> };

/** One run of a cell when it is repeated (`--repeat N`): what that run gave, and its step times. */
export interface RepeatRecord {
  outcome: Outcome;
  reason: string;
  ms: number;
  steps: Pick<StepRecord, "name" | "ms" | "stats">[];
}

export interface ExpectationRecord {
  outcome: "pass" | "xfail" | "unsupported";
  /** The semver range of CRIU versions it applies to. */
  range: string;
  /** The range of kernel releases it applies to, when it names one. */
  kernel?: string;
  ref?: string;
  /** xfail reproduced here with no upstream issue or fix: what it is ("known, no upstream issue"). */
  known?: string;
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
  /** The rule of the outcome rule book that decided (harness/scenario/outcome-rules.ts). */
  decidedBy?: string;
  expectation: ExpectationRecord;
  /** Every xfail the scenario knows of (all ranges), so reports can cite them even where a cell passes. */
  knownIssues?: ExpectationRecord[];
  steps: StepRecord[];
  ms: number;
  startedAt: string;
  /** Where the cell's time went (ms): what is not CRIU's own work shows here. */
  timing?: CellTiming;
  /** With `--repeat N`: every run, the first of which is the one `steps` shows. */
  repeats?: RepeatRecord[];
  /** Repeats disagreed on the outcome. */
  flaky?: boolean;
  /** A performance scenario's cell (one that runs only when named): reports chart its stats. */
  measured?: boolean;
  /** Each CRIU call and scenario command of the cell was killed after this many seconds. */
  stepTimeoutSeconds?: number;
}

export interface CellTiming {
  /** Starting the container (or resetting the VM session) and copying the program in. */
  open: number;
  /** Summed per step kind: start, dump, restore, check, exec, migrate, clone, feature checks. */
  steps: Record<string, number>;
  /** Copying the CRIU logs out. */
  logs: number;
  /** Stopping and removing the container(s). */
  remove: number;
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
