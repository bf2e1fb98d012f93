// run.json for a prepared run: where it ran, as the reporters show it.
import { describeProfile } from "../host/security-profile.js";
import type { RunInfo } from "../results/run-info.js";
import type { RunPlan } from "./run-plan.js";

export function runInfoOf(plan: RunPlan, startedAt: string): RunInfo {
  return {
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
}
