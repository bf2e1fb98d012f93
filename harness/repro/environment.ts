// What a maintainer asks of a report: `criu check --all`, the kernel release, the distro and its
// glibc, for each CRIU version on each kernel, asked where the cells ran (a container or the VM).
import { CriuContainer } from "../executors/criu-container.js";
import type { Executor } from "../executors/executor.js";
import { VmSession } from "../executors/vm/vm-session.js";
import { isVmKernel, type KernelPlan, type RunPlan, type VersionPlan } from "../scenario/run-plan.js";

export interface Environment {
  kernelName: string;
  version: string;
  kernelRelease: string;
  distro: string;
  glibc: string;
  /** The first line of `criu --version`'s answer. */
  criu: string;
  checkAll: { exitCode: number; lines: string[] };
}

const ABOUT = 'uname -r; (. /etc/os-release && echo "$PRETTY_NAME"); getconf GNU_LIBC_VERSION 2>/dev/null || echo unknown; criu --version | head -n 1';

async function open(plan: RunPlan, kernel: KernelPlan, v: VersionPlan): Promise<Executor | undefined> {
  if (v.state !== "ready") return undefined;
  if (kernel.executor === "container") return plan.profile ? new CriuContainer(v.image, "check").withSecurityProfile(plan.profile).start() : undefined;
  const vm = isVmKernel(kernel) ? kernel.vms[v.version] : undefined;
  if (vm?.state !== "up") return undefined;
  return VmSession.open(vm.address);
}

async function one(plan: RunPlan, kernel: KernelPlan, v: VersionPlan): Promise<Environment | undefined> {
  const executor = await open(plan, kernel, v).catch(() => undefined);
  if (!executor) return undefined;
  try {
    const [release = "", distro = "", glibc = "", criu = ""] = (await executor.run(["sh", "-c", ABOUT])).output.trim().split("\n");
    const check = await executor.run(["sh", "-c", "criu check --all 2>&1"]);
    return { kernelName: kernel.name, version: v.version, kernelRelease: release, distro, glibc, criu, checkAll: { exitCode: check.exitCode, lines: check.output.trim().split("\n") } };
  } finally {
    await executor.remove();
  }
}

/** One entry per (kernel, version) that could be reached; in plan order. */
export async function collectEnvironments(plan: RunPlan): Promise<Environment[]> {
  const out: Environment[] = [];
  for (const kernel of plan.kernels) {
    if ("unavailable" in kernel) continue;
    for (const v of plan.versions) {
      const env = await one(plan, kernel, v);
      if (env) out.push(env);
    }
  }
  return out;
}
