// What a generated workflow runs (CRIU versions, kernels, scenarios, shards), and the criu-lab arguments that say it.
import type { KernelSpec } from "../kernels/kernel-spec.js";
import { InputError } from "../platform/errors.js";

export interface GithubWorkflowOptions {
  /** CRIU versions as typed (`4.1.1`, `deb-src:4.2.1`); empty: criu-lab's default list at run time. */
  versions: readonly string[];
  /** Kernels; empty: the host's kernel only. */
  kernels: readonly KernelSpec[];
  /** Scenario names; empty: every scenario in the checked-out tree. */
  scenarios: readonly string[];
  /** How many machines the matrix is split over (`matrix --shard i/n`). */
  shards: number;
}

export const DEFAULT_SHARDS = 2;
/** GitHub allows at most 256 jobs from one matrix. */
export const MAX_SHARDS = 256;
export const DEFAULT_WORKFLOW_PATH = ".github/workflows/criu-lab.yml";
/** The gate's cell: the scenario of the bug report the project started from. */
export const SEED_SCENARIO = "sched-reset-on-fork";

export const DEFAULT_WORKFLOW_OPTIONS: GithubWorkflowOptions = { versions: [], kernels: [], scenarios: [], shards: DEFAULT_SHARDS };

/** True when some kernel runs in a qemu VM (anything but `host`), which is when KVM matters. */
export function needsVmKernels(options: GithubWorkflowOptions): boolean {
  return options.kernels.some((k) => k.kind !== "host");
}

/** Every word lands in a shell script: only names criu-lab validated, never spaces or quotes. */
function shellWord(word: string): string {
  if (!/^[A-Za-z0-9._:/+-]+$/.test(word)) throw new InputError(`"${word}" cannot go into a workflow's shell line`, { hint: "use plain version, kernel and scenario names" });
  return word;
}

function listArg(flag: string, values: readonly string[]): string[] {
  return values.length > 0 ? [flag, values.map(shellWord).join(",")] : [];
}

/** `--versions ... --kernels ... [--scenarios ...]` for what was chosen; criu-lab's defaults otherwise. */
export function selectionArgs(options: GithubWorkflowOptions, parts: { scenarios: boolean }): string[] {
  return [
    ...listArg("--versions", options.versions),
    ...listArg("--kernels", options.kernels.map((k) => k.name)),
    ...(parts.scenarios ? listArg("--scenarios", options.scenarios) : []),
  ];
}

/** The `criu-lab ci github ...` arguments that write this workflow again. */
export function regenerateArgs(options: GithubWorkflowOptions): string[] {
  return ["ci", "github", ...selectionArgs(options, { scenarios: true }), "--shards", String(options.shards)];
}
