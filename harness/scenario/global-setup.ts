// vitest globalSetup for the scenarios project: prepares the run once and provides it to every file.
import type { TestProject } from "vitest/node";
import { resolveVersionNames } from "../images/resolve-versions.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { RUN_INFO_FILE } from "../results/run-info.js";
import { runInfoOf } from "./run-info-of.js";
import { parseKernelSpecs } from "../kernels/kernel-spec.js";
import { prepareRun } from "./prepare-run.js";
import { stopVms } from "./prepare-kernels.js";

export default async function setup(project: TestProject): Promise<() => void> {
  const startedAt = new Date().toISOString();
  const names = process.env.CRIU_LAB_VERSIONS?.split(",").filter(Boolean);
  const kernels = parseKernelSpecs(process.env.CRIU_LAB_KERNELS?.split(",").filter(Boolean));
  const versions = await resolveVersionNames(names, { criuRepo: process.env.CRIU_LAB_CRIU_REPO, base: process.env.CRIU_LAB_BASE });
  const plan = await prepareRun(versions, kernels);
  // However the run ends, no qemu outlives it (a crash or SIGKILL is the next run's sweep).
  const stop = () => stopVms(plan.kernels);
  process.once("exit", stop);
  const info = runInfoOf(plan, startedAt);
  await writeFileAtomic(`${plan.runDir}/${RUN_INFO_FILE}`, `${JSON.stringify(info, null, 2)}\n`);
  project.provide("criuLab", plan);
  return stop;
}
