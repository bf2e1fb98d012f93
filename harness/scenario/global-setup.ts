// vitest globalSetup for the scenarios project: prepares the run once and provides it to every file.
import type { TestProject } from "vitest/node";
import { describeProfile } from "../host/security-profile.js";
import { resolveVersionNames } from "../images/resolve-versions.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { RUN_INFO_FILE, type RunInfo } from "../results/run-info.js";
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
  const info: RunInfo = {
    runId: plan.runId,
    startedAt,
    kernel: plan.kernel,
    engine: plan.engine,
    securityProfile: plan.profile ? describeProfile(plan.profile) : "not probed (no image could be made)",
    kernels: plan.kernels.map((k) => ({
      name: k.name,
      release: k.release,
      describe: k.describe,
      ...(k.accel ? { accel: k.accel, accelWhy: k.accelWhy } : {}),
      ...(k.unavailable ? { unavailable: k.unavailable } : {}),
      ...(k.executor === "vm" ? { bootMs: Object.fromEntries(Object.values(k.vms).filter((v) => v.bootMs).map((v) => [v.version, v.bootMs!])) } : {}),
    })),
  };
  await writeFileAtomic(`${plan.runDir}/${RUN_INFO_FILE}`, `${JSON.stringify(info, null, 2)}\n`);
  project.provide("criuLab", plan);
  return stop;
}
