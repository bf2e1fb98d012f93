// The jobs that run CRIU: a cheap gate (doctor, the seed cell), then the matrix split into shards.
import { criuLab, enableKvmStep, RUNNER, runKeepingResults, setupSteps, uploadRunStep } from "./common-steps.js";
import { needsVmKernels, SEED_SCENARIO, selectionArgs, type GithubWorkflowOptions } from "./workflow-options.js";
import { expr, type Job, type Step } from "./workflow-types.js";

export const GATE_ARTIFACT = "criu-lab-gate";
/** One artifact per shard: `criu-lab-shard-1` ... (a name may not hold "/"). */
export const SHARD_ARTIFACT_PREFIX = "criu-lab-shard-";

function kvmSteps(options: GithubWorkflowOptions): Step[] {
  return needsVmKernels(options) ? [enableKvmStep()] : [];
}

/** doctor and the seed scenario on the chosen versions (host kernel): a broken host or image fails here, in minutes. */
export function gateJob(options: GithubWorkflowOptions): Job {
  const seed = ["matrix", "--scenarios", SEED_SCENARIO, ...selectionArgs({ ...options, kernels: [] }, { scenarios: false }), "--results", "gate-results"];
  return {
    name: "gate: doctor and the seed cell",
    "runs-on": RUNNER,
    "timeout-minutes": 30,
    steps: [
      ...setupSteps(),
      { name: "criu-lab doctor", run: criuLab(["doctor"], { asRoot: true }) },
      runKeepingResults({ name: `Seed cell: ${SEED_SCENARIO}`, id: "seed", command: criuLab(seed, { asRoot: true }), resultsDir: "gate-results", ownedByRoot: true }),
      uploadRunStep({ name: "Upload the seed run", artifact: GATE_ARTIFACT, fromStep: "seed" }),
    ],
  };
}

/** The shard numbers of the matrix: 1 ... n. */
export function shardNumbers(shards: number): number[] {
  return Array.from({ length: shards }, (_, i) => i + 1);
}

/** Shard i of n of the whole matrix on its own runner; its run directory becomes one artifact. */
export function shardsJob(options: GithubWorkflowOptions, needs: string): Job {
  const shard = `${expr("matrix.shard")}/${options.shards}`;
  const matrix = ["matrix", "--shard", shard, ...selectionArgs(options, { scenarios: true }), "--results", "shard-results"];
  return {
    name: `shard ${shard}`,
    "runs-on": RUNNER,
    needs: [needs],
    "timeout-minutes": 120,
    // Every shard runs to its end: a failing cell in one says nothing about the others' cells.
    strategy: { "fail-fast": false, matrix: { shard: shardNumbers(options.shards) } },
    steps: [
      ...setupSteps(),
      ...kvmSteps(options),
      runKeepingResults({ name: `criu-lab matrix, shard ${shard}`, id: "matrix", command: criuLab(matrix, { asRoot: true }), resultsDir: "shard-results", ownedByRoot: true }),
      uploadRunStep({ name: "Upload the shard's run", artifact: `${SHARD_ARTIFACT_PREFIX}${expr("matrix.shard")}`, fromStep: "matrix" }),
    ],
  };
}
