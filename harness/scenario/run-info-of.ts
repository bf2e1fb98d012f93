// run.json for a prepared run: where it ran (host, engine, security profile, each kernel), as the reporters show it.
import { describeProfile } from "../host/security-profile.js";
import type { RunInfo } from "../results/run-info.js";
import { isVmKernel, type KernelPlan, type RunPlan } from "./run-plan.js";

function kernelInfo(k: KernelPlan): NonNullable<RunInfo["kernels"]>[number] {
  const base = { name: k.name, release: k.release, describe: k.describe };
  if ("unavailable" in k) return { ...base, unavailable: k.unavailable };
  if (!isVmKernel(k)) return base;
  const bootMs = Object.fromEntries(Object.values(k.vms).flatMap((vm) => (vm.state === "up" ? [[vm.version, vm.bootMs]] : [])));
  return { ...base, accel: k.accel, accelWhy: k.accelWhy, bootMs };
}

export function runInfoOf(plan: RunPlan, startedAt: string): RunInfo {
  return {
    runId: plan.runId,
    startedAt,
    kernel: plan.kernel,
    engine: plan.engine,
    securityProfile: plan.profile ? describeProfile(plan.profile) : "not probed (no cell on the host kernel, or no image could be made)",
    kernels: plan.kernels.map(kernelInfo),
  };
}
