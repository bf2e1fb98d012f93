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
