// What the steps of one cell share: where the program runs now (its executor), its pid, and how often each step ran.
import type { Criu } from "../criu/criu-command.js";
import type { Executor } from "../executors/executor.js";
import type { StepRecord } from "../results/outcome.js";
import type { Scenario, StepKind } from "./define-scenario.js";
import type { StepTimeout } from "./outcome-rules.js";

export const STATE_DIR = "/work/state";
export const LOG_DIR = "/work/logs";
export const BIN_DIR = "/work/bin";
export const IMAGES_DIR = "/work/img";

export interface CellState {
  scenario: Scenario;
  /** Where the program runs now: a container, or a session on a VM. */
  executor: Executor;
  criu: Criu;
  /** Root pid of each live copy of the program, as the container sees it (several after a clone). */
  pids: number[];
  /** Image directories of the last dump, one per copy. */
  dumpDirs: string[];
  counts: Record<StepKind, number>;
  /** Each CRIU call and scenario command is killed after this many seconds (--step-timeout). */
  stepTimeoutSeconds: number;
  /** Opens what a "migrate" step moves to: a fresh container of the restore-side image, or a reset VM. */
  openNext(): Promise<Executor>;
}

export interface StepResult {
  record: StepRecord;
  failure?: { reason: string; evidence: readonly string[] };
  harnessError?: string;
  timedOut?: StepTimeout;
}

export function programPath(s: CellState): string {
  return `${BIN_DIR}/${s.scenario.program}`;
}

/** Times a step that is not a CRIU call. */
export async function timed(
  name: string,
  work: () => Promise<{ exitCode: number; failure?: StepResult["failure"]; harnessError?: string; observed?: string[]; timedOut?: StepTimeout }>,
): Promise<StepResult> {
  const started = Date.now();
  const r = await work();
  const record: StepRecord = { name, exitCode: r.exitCode, ms: Date.now() - started };
  if (r.observed?.length) record.observed = r.observed;
  const error = r.failure?.reason ?? r.harnessError;
  if (error) record.error = error;
  return { record, failure: r.failure, harnessError: r.harnessError, ...(r.timedOut ? { timedOut: r.timedOut } : {}) };
}
