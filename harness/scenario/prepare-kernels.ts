// The kernel axis of a run: `host` is the container executor; every other kernel gets one VM per
// CRIU version, booted here (so the boot is paid once per pair), checked with `criu check`, and
// left running for the cells. stopVms() ends them all.
import { rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CriuLabError } from "../platform/errors.js";
import { chooseAccel } from "../executors/vm/accel.js";
import { bootVm, killVm, VmBootError } from "../executors/vm/qemu-vm.js";
import { ensureRootfsDisk } from "../executors/vm/rootfs-disk.js";
import { VmSession } from "../executors/vm/vm-session.js";
import { ensureKernelBoot, type KernelBoot } from "../kernels/boot-files.js";
import type { KernelSpec } from "../kernels/kernel-spec.js";
import { resolveVmKernel } from "../kernels/vm-kernel.js";
import { criuCheckOn } from "./criu-check.js";
import { mapLimited } from "../platform/map-limited.js";
import type { KernelPlan, VersionPlan, VmPlan } from "./run-plan.js";

const BOOT_TIMEOUT_MS = Number(process.env.CRIU_LAB_VM_BOOT_TIMEOUT ?? 240) * 1000;

function say(line: string): void {
  process.stderr.write(`criu-lab: ${line}\n`);
}

/** One line: a cell's reason never spans lines (the tool output it quotes often does). */
function message(e: unknown): string {
  const text = e instanceof CriuLabError ? e.oneLine() : e instanceof Error ? e.message : String(e);
  return text.replace(/\s*\n\s*/g, "; ");
}

async function bootOne(kernel: KernelPlan, boot: KernelBoot, v: VersionPlan, accel: "kvm" | "tcg", runId: string, runDir: string, n: number): Promise<VmPlan> {
  const consoleLog = join(runDir, "vms", `${kernel.name.replace(/[^\w.-]+/g, "-")}_${v.version.replace(/[^\w.-]+/g, "-")}.console.log`);
  if (!v.image) return { version: v.version, consoleLog, unavailable: `no image for CRIU ${v.version}` };
  const socketDir = join(tmpdir(), `criu-lab-vm-${runId}`);
  await mkdir(socketDir, { recursive: true });
  await mkdir(join(runDir, "vms"), { recursive: true });
  try {
    const disk = await ensureRootfsDisk(v.image);
    const size = { cpus: Number(process.env.CRIU_LAB_VM_CPUS ?? 1), memoryMiB: Number(process.env.CRIU_LAB_VM_MEMORY_MIB ?? 2048) };
    const vm = await bootVm({ boot, rootfsDisk: disk, accel, socket: join(socketDir, `${n}.sock`), consoleLog, ...size }, BOOT_TIMEOUT_MS);
    const session = await VmSession.open({ name: `${kernel.name} / CRIU ${v.version}`, socket: vm.socket, pid: vm.pid, consoleLog });
    const check = await criuCheckOn(session).finally(() => session.remove());
    say(`CRIU ${v.version} on ${kernel.name}: VM up in ${(vm.bootMs / 1000).toFixed(1)} s (${accel}); criu check: ${check.ok ? "ok" : check.unsupported ? `unsupported (${check.summary})` : `failed (${check.summary})`}`);
    return { version: v.version, socket: vm.socket, pid: vm.pid, consoleLog, bootMs: vm.bootMs, check };
  } catch (e) {
    const why = `no VM for CRIU ${v.version} on ${kernel.name}: ${message(e)}`;
    say(why);
    return { version: v.version, consoleLog, unavailable: why, ...(e instanceof VmBootError ? { consoleTail: e.consoleTail } : {}) };
  }
}

export async function prepareKernels(specs: readonly KernelSpec[], versions: readonly VersionPlan[], hostRelease: string, parallel: number, runId: string, runDir: string): Promise<KernelPlan[]> {
  const plans: KernelPlan[] = [];
  let n = 0;
  for (const spec of specs) {
    if (spec.kind === "host") {
      plans.push({ name: "host", release: hostRelease, executor: "container", describe: "the host's kernel, in containers", vms: {} });
      continue;
    }
    const plan: KernelPlan = { name: spec.name, release: "unknown", executor: "vm", describe: spec.name, vms: {} };
    plans.push(plan);
    try {
      const kernel = await resolveVmKernel(spec);
      Object.assign(plan, { release: kernel.release, describe: kernel.describe });
      const boot = await ensureKernelBoot(kernel);
      const accel = await chooseAccel(boot);
      Object.assign(plan, { accel: accel.accel, accelWhy: accel.why });
      say(`kernel ${spec.name}: ${kernel.describe}, release ${kernel.release}; VMs run under ${accel.accel} (${accel.why})`);
      const offset = n;
      n += versions.length;
      const vms = await mapLimited(versions, parallel, (v) => bootOne(plan, boot, v, accel.accel, runId, runDir, offset + versions.indexOf(v)));
      plan.vms = Object.fromEntries(vms.map((vm) => [vm.version, vm]));
    } catch (e) {
      plan.unavailable = `kernel ${spec.name}: ${message(e)}`;
      say(plan.unavailable);
    }
  }
  return plans;
}

/** Kills every VM of the plan (the run's end, or its interruption) and removes their sockets. */
export function stopVms(kernels: readonly KernelPlan[]): void {
  for (const k of kernels) {
    for (const vm of Object.values(k.vms)) {
      if (vm.pid) killVm(vm.pid);
      if (vm.socket) rmSync(dirname(vm.socket), { recursive: true, force: true });
    }
  }
}
