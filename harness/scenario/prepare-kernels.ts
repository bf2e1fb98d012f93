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
import type { VmSettings } from "../executors/vm/vm-settings.js";
import { ensureKernelBoot, type KernelBoot } from "../kernels/boot-files.js";
import type { KernelSpec } from "../kernels/kernel-spec.js";
import { resolveVmKernel } from "../kernels/vm-kernel.js";
import { criuCheckOn } from "./criu-check.js";
import { mapLimited } from "../platform/map-limited.js";
import { isVmKernel, type KernelPlan, type VersionPlan, type VmPlan } from "./run-plan.js";


function say(line: string): void {
  process.stderr.write(`criu-lab: ${line}\n`);
}

/** One line: a cell's reason never spans lines (the tool output it quotes often does). */
function message(e: unknown): string {
  const text = e instanceof CriuLabError ? e.oneLine() : e instanceof Error ? e.message : String(e);
  return text.replace(/\s*\n\s*/g, "; ");
}

interface BootContext {
  kernel: string;
  boot: KernelBoot;
  accel: "kvm" | "tcg";
  runId: string;
  runDir: string;
  /** Unique per VM of the run: names its socket. */
  slot: number;
  vm: VmSettings;
}

async function bootOne(v: VersionPlan, ctx: BootContext): Promise<VmPlan> {
  const consoleLog = join(ctx.runDir, "vms", `${ctx.kernel.replace(/[^\w.-]+/g, "-")}_${v.version.replace(/[^\w.-]+/g, "-")}.console.log`);
  if (v.state !== "ready") return { state: "down", version: v.version, consoleLog, reason: `no image for CRIU ${v.version}` };
  const socketDir = join(tmpdir(), `criu-lab-vm-${ctx.runId}`);
  await mkdir(socketDir, { recursive: true });
  await mkdir(join(ctx.runDir, "vms"), { recursive: true });
  try {
    const disk = await ensureRootfsDisk(v.image);
    const { cpus, memoryMiB, append, bootTimeoutMs, commandTimeoutMs } = ctx.vm;
    const vm = await bootVm({ boot: ctx.boot, rootfsDisk: disk, accel: ctx.accel, socket: join(socketDir, `${ctx.slot}.sock`), consoleLog, cpus, memoryMiB, append }, bootTimeoutMs);
    const session = await VmSession.open({ name: `${ctx.kernel} / CRIU ${v.version}`, socket: vm.socket, pid: vm.pid, consoleLog, commandTimeoutMs });
    const check = await criuCheckOn(session).finally(() => session.remove());
    say(`CRIU ${v.version} on ${ctx.kernel}: VM up in ${(vm.bootMs / 1000).toFixed(1)} s (${ctx.accel}); criu check: ${check.ok ? "ok" : check.unsupported ? `unsupported (${check.summary})` : `failed (${check.summary})`}`);
    return { state: "up", version: v.version, socket: vm.socket, pid: vm.pid, consoleLog, bootMs: vm.bootMs, commandTimeoutMs, check };
  } catch (e) {
    const reason = `no VM for CRIU ${v.version} on ${ctx.kernel}: ${message(e)}`;
    say(reason);
    return { state: "down", version: v.version, consoleLog, reason, ...(e instanceof VmBootError ? { consoleTail: e.consoleTail } : {}) };
  }
}

export interface KernelsOptions {
  specs: readonly KernelSpec[];
  versions: readonly VersionPlan[];
  hostRelease: string;
  /** How many VMs boot at once. */
  parallel: number;
  vm: VmSettings;
  runId: string;
  runDir: string;
}

async function prepareVmKernel(spec: Exclude<KernelSpec, { kind: "host" }>, o: KernelsOptions, firstSlot: number): Promise<KernelPlan> {
  let release = "unknown";
  let describe = spec.name;
  try {
    const kernel = await resolveVmKernel(spec);
    ({ release, describe } = kernel);
    const boot = await ensureKernelBoot(kernel);
    const { accel, why } = await chooseAccel(boot, o.vm.accel);
    say(`kernel ${spec.name}: ${kernel.describe}, release ${kernel.release}; VMs run under ${accel} (${why})`);
    const ctx = { kernel: spec.name, boot, accel, runId: o.runId, runDir: o.runDir, vm: o.vm };
    const vms = await mapLimited(o.versions, o.parallel, (v) => bootOne(v, { ...ctx, slot: firstSlot + o.versions.indexOf(v) }));
    return { name: spec.name, release, describe, executor: "vm", accel, accelWhy: why, vms: Object.fromEntries(vms.map((vm) => [vm.version, vm])) };
  } catch (e) {
    const unavailable = `kernel ${spec.name}: ${message(e)}`;
    say(unavailable);
    return { name: spec.name, release, describe, executor: "vm", unavailable };
  }
}

export async function prepareKernels(o: KernelsOptions): Promise<KernelPlan[]> {
  const plans: KernelPlan[] = [];
  for (const spec of o.specs) {
    if (spec.kind === "host") plans.push({ name: "host", release: o.hostRelease, executor: "container", describe: "the host's kernel, in containers" });
    else plans.push(await prepareVmKernel(spec, o, plans.length * o.versions.length));
  }
  return plans;
}

/** Kills every VM of the plan (the run's end, or its interruption) and removes their sockets. */
export function stopVms(kernels: readonly KernelPlan[]): void {
  for (const k of kernels.filter(isVmKernel)) {
    for (const vm of Object.values(k.vms)) {
      if (vm.state !== "up") continue;
      killVm(vm.pid);
      rmSync(dirname(vm.socket), { recursive: true, force: true });
    }
  }
}
