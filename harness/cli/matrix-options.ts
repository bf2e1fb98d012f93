// `criu-lab matrix` options, validated into one typed RunOptions before anything is built: a typo
// in any of them is a one-line error, not a wasted image build.
import { availableParallelism } from "node:os";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { vmSettingsFromEnv } from "../executors/vm/vm-settings.js";
import { resolveVersionNames } from "../images/resolve-versions.js";
import { parseKernelSpecs } from "../kernels/kernel-spec.js";
import { checkKernelSpec } from "../kernels/vm-kernel.js";
import { cellId } from "../results/outcome.js";
import { readRunSummary, runDirOfPath } from "../results/read-run.js";
import { matrixCells } from "../scenario/matrix-cells.js";
import { criuLabRevision } from "../scenario/revision.js";
import type { RunOptions } from "../scenario/run-options.js";
import { selectScenarios } from "../scenario/select-scenarios.js";
import { shardCells, type Durations } from "../scenario/shard-plan.js";
import { DEFAULT_STEP_TIMEOUT_SECONDS } from "../platform/bounded-command.js";
import { InputError } from "../platform/errors.js";
import { commaList, parseOptions, shardSpec, wholeNumber } from "./args.js";

export const MATRIX_USAGE = `usage: criu-lab matrix [options]

Runs scenarios x CRIU versions x kernels; results in <results>/<run-id> and <results>/latest.
Exit 0 when every cell is as expected, 1 when any is not (fail, xpass, build-error, harness-error),
2 on bad input.

  --versions LIST      CRIU versions: 3.17.1,4.1.1,4.2.1 (default); any release by name (3.16.1, v4.0)
                       or range (">=3.14 <4.0", all), built from --criu-repo's tags; deb-src:4.2.1,
                       git:<ref>; with --base, distro (the image's own criu package)
  --base IMAGE         run on this apt-based image (one the engine has, or can pull) instead of Debian's
  --criu-repo PATH|URL the CRIU repository git: versions are built from (default: upstream)
  --kernels LIST       host (default), debian:6.1, debian:<suite>, /path/to/bzImage (qemu VMs)
  --scenarios LIST     scenario names (default: all)
  --results DIR        where runs are written (default: results, or $CRIU_LAB_RESULTS_DIR)
  --parallel N         cells at once (default: one per core)
  --repeat N           run each cell N times; differing outcomes make a cell flaky
  --step-timeout S     kill a CRIU call or scenario command after S seconds (default 300)
  --shard I/N          run shard I of N (cells, balanced; see --durations); merge them with criu-lab merge
  --durations RUN      balance shards by the cell times of an earlier run (its dir or summary.json)
  --baseline RUN       compare with an earlier run at the end (criu-lab compare); exit 1 on a regression`;

export interface MatrixCommandOptions extends RunOptions {
  /** Run dir of a run to compare with at the end. */
  baseline?: string;
  /** --base IMAGE: the apt image CRIU runs (and is built) in, made ready before the run. */
  base?: string;
  /** Cell times of an earlier run (--durations, else the last run in the results dir): long files start first. */
  durations?: Durations;
}

/** The last run's cell times, if it is there and readable; the order of files is only a speed-up. */
async function lastRunDurations(resultsRoot: string): Promise<Durations | undefined> {
  const latest = join(resultsRoot, "latest", "summary.json");
  return existsSync(latest) ? readDurations(latest).catch(() => undefined) : undefined;
}

/** Each cell's time in an earlier run (the median of its repeats where it has them). */
export async function readDurations(path: string): Promise<Durations> {
  const summary = await readRunSummary(path);
  return new Map(summary.cells.map((c) => {
    const times = (c.repeats?.map((r) => r.ms) ?? [c.ms]).sort((a, b) => a - b);
    return [cellId(c), times[Math.floor(times.length / 2)] ?? c.ms];
  }));
}

export async function parseMatrixOptions(argv: string[]): Promise<MatrixCommandOptions> {
  const { values } = parseOptions({
    args: argv,
    options: {
      versions: { type: "string" },
      scenarios: { type: "string" },
      results: { type: "string" },
      parallel: { type: "string" },
      repeat: { type: "string" },
      "step-timeout": { type: "string" },
      "criu-repo": { type: "string" },
      kernels: { type: "string" },
      shard: { type: "string" },
      durations: { type: "string" },
      baseline: { type: "string" },
      base: { type: "string" },
    },
    strict: true,
  });
  const parallel = values.parallel === undefined ? availableParallelism() : wholeNumber("--parallel", values.parallel, { min: 1, max: 256 });
  const repeat = values.repeat === undefined ? 1 : wholeNumber("--repeat", values.repeat, { min: 1, max: 100 });
  const stepTimeoutSeconds = values["step-timeout"] === undefined ? DEFAULT_STEP_TIMEOUT_SECONDS : wholeNumber("--step-timeout", values["step-timeout"], { min: 1, max: 86_400 });
  const shard = values.shard === undefined ? undefined : shardSpec(values.shard);
  if (values.durations && !shard) throw new InputError("--durations balances shards: it goes with --shard I/N");
  const baseline = values.baseline === undefined ? undefined : runDirOfPath(values.baseline);
  const versions = await resolveVersionNames(commaList(values.versions), { criuRepo: values["criu-repo"], base: values.base });
  const scenarios = await selectScenarios(commaList(values.scenarios));
  const kernels = parseKernelSpecs(commaList(values.kernels));
  for (const k of kernels) await checkKernelSpec(k);
  const axes = { versions: versions.map((v) => v.version), kernels: kernels.map((k) => k.name) };
  const all = matrixCells(scenarios, axes);
  const resultsRoot = resolve(values.results ?? process.env.CRIU_LAB_RESULTS_DIR ?? "results");
  const durations = values.durations ? await readDurations(values.durations) : await lastRunDurations(resultsRoot);
  // Shards are balanced only by the durations the user names: every shard must compute the same split.
  const cells = shard ? shardCells(all, shard, values.durations ? durations : undefined).map((c) => c.id) : undefined;
  const names = scenarios.map((s) => s.name);
  return {
    versions,
    kernels,
    scenarios: names,
    resultsRoot,
    parallel,
    repeat,
    stepTimeoutSeconds,
    matrix: { ...axes, scenarios: names, revision: criuLabRevision(), repeat, cells: all.map((c) => c.id) },
    programs: [...new Set(scenarios.map((s) => s.program))],
    vm: vmSettingsFromEnv(),
    ...(shard ? { shard, cells } : {}),
    ...(baseline ? { baseline } : {}),
    ...(values.base ? { base: values.base } : {}),
    ...(durations ? { durations } : {}),
  };
}
