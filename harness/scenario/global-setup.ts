// vitest globalSetup for the scenarios project: takes the CLI's validated RunOptions (provide/inject),
// prepares the run once, and provides the plan to every scenario file.
import type { TestProject } from "vitest/node";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { RUN_INFO_FILE, type RunInfo } from "../results/run-info.js";
import { stopVms } from "./prepare-kernels.js";
import { prepareRun } from "./prepare-run.js";
import { runInfoOf } from "./run-info-of.js";
import "./run-options.js";

export default async function setup(project: TestProject): Promise<() => void> {
  const startedAt = new Date().toISOString();
  const options = project.getProvidedContext().criuLabOptions;
  if (!options) throw new Error("the scenarios project runs through `criu-lab matrix`, which gives it its options");
  const plan = await prepareRun(options);
  // However the run ends, no qemu outlives it (a crash or SIGKILL is the next run's sweep).
  const stop = () => stopVms(plan.kernels);
  process.once("exit", stop);
  const info: RunInfo = {
    ...runInfoOf(plan, startedAt),
    matrix: options.matrix,
    ...(options.shard ? { shard: { ...options.shard, cells: options.cells ?? [] } } : {}),
  };
  await writeFileAtomic(`${plan.runDir}/${RUN_INFO_FILE}`, `${JSON.stringify(info, null, 2)}\n`);
  project.provide("criuLab", { ...plan, ...(options.cells ? { cells: options.cells } : {}), repeat: options.repeat, stepTimeoutSeconds: options.stepTimeoutSeconds });
  return stop;
}
