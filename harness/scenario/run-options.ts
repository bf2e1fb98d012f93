// The one typed, validated options object of a matrix run. The CLI makes it; vitest hands it to the
// global setup through provide/inject (never environment variables), so nothing is parsed twice.
import type { CriuVersion } from "../images/versions.js";
import type { VmSettings } from "../executors/vm/vm-settings.js";
import type { KernelSpec } from "../kernels/kernel-spec.js";
import type { MatrixInfo } from "../results/run-info.js";

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface RunOptions {
  versions: CriuVersion[];
  kernels: KernelSpec[];
  /** Scenario names, in the order they run. */
  scenarios: string[];
  /** results/ (each run writes <resultsRoot>/<run id>/). */
  resultsRoot: string;
  /** How many cells may run at once, across all workers. */
  parallel: number;
  /** Each cell runs this many times; outcomes that differ make it flaky. */
  repeat: number;
  /** Each CRIU call and scenario command is killed after this many seconds. */
  stepTimeoutSeconds: number;
  /** This run is one part of a split matrix. */
  shard?: Shard;
  /** The whole matrix (every cell id, the code revision), recorded in run.json. */
  matrix: MatrixInfo;
  /** The cell ids this run runs (the shard's part); undefined: every cell. */
  cells?: string[];
  /** Only these programs are compiled (default: those of the scenarios). */
  programs?: string[];
  /** The VM executor's knobs (CRIU_LAB_VM_*, CRIU_LAB_ACCEL), validated by the CLI. */
  vm: VmSettings;
}

declare module "vitest" {
  export interface ProvidedContext {
    criuLabOptions: RunOptions;
  }
}
