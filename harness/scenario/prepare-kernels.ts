// The kernel axis of a run: `host` is the container executor; every other kernel gets its VMs
// booted here (so a boot is paid once per VM, not per cell), one per userland that CRIU builds share
// and one per packaged version (vm-guests.ts), each checked with `criu check` (vm-up.ts) and left
// running for the cells. stopVms() ends them all, but those kept for a bisect's later steps.
import { rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { chooseAccel } from "../executors/vm/accel.js";
import { vmRunDir } from "../executors/vm/kept-vms.js";
import { killVm } from "../executors/vm/qemu-vm.js";
import type { VmSettings } from "../executors/vm/vm-settings.js";
import { ensureKernelBoot } from "../kernels/boot-files.js";
import type { KernelSpec } from "../kernels/kernel-spec.js";
import { resolveVmKernel } from "../kernels/vm-kernel.js";
import { mapLimited } from "../platform/map-limited.js";
import { isVmKernel, type KernelPlan, type VersionPlan, type VmPlan } from "./run-plan.js";
import { vmGuests } from "./vm-guests.js";
import { bringUp, oneLine } from "./vm-up.js";
import { say } from "../platform/say.js";

export interface KernelsOptions {
  specs: readonly KernelSpec[];
  versions: readonly VersionPlan[];
  hostRelease: string;
  /** How many VMs boot at once. */
  parallel: number;
  vm: VmSettings;
  runId: string;
  runDir: string;
  /**
   * Keep the VMs for later processes of this run, and use those kept before (a bisect's steps, which
   * are processes of their own); their consoles go to this folder. Unset: this process's VMs only.
   */
  keep?: { consolesDir: string };
}

async function prepareVmKernel(spec: Exclude<KernelSpec, { kind: "host" }>, o: KernelsOptions): Promise<KernelPlan> {
  let release = "unknown";
  let describe = spec.name;
  try {
    const kernel = await resolveVmKernel(spec);
    ({ release, describe } = kernel);
    const boot = await ensureKernelBoot(kernel);
    const { accel, why } = await chooseAccel(boot, o.vm.accel);
    say(`kernel ${spec.name}: ${kernel.describe}, release ${kernel.release}; VMs run under ${accel} (${why})`);
    const consolesDir = o.keep?.consolesDir ?? join(o.runDir, "vms");
    await mkdir(consolesDir, { recursive: true });
    await mkdir(vmRunDir(o.runId), { recursive: true });
    const ctx = { kernel: spec.name, boot, accel, runId: o.runId, consolesDir, vm: o.vm, keep: o.keep !== undefined };
    const guests = vmGuests(spec.name, o.versions);
    const up = (await mapLimited(guests, o.parallel, (g) => bringUp(g, ctx))).flat();
    const notReady = o.versions.filter((v) => v.state !== "ready").map((v): VmPlan => ({ state: "down", version: v.version, consoleLog: "", reason: `no image for CRIU ${v.version}` }));
    return { name: spec.name, release, describe, executor: "vm", accel, accelWhy: why, vms: Object.fromEntries([...up, ...notReady].map((vm) => [vm.version, vm])) };
  } catch (e) {
    const unavailable = `kernel ${spec.name}: ${oneLine(e)}`;
    say(unavailable);
    return { name: spec.name, release, describe, executor: "vm", unavailable };
  }
}

export async function prepareKernels(o: KernelsOptions): Promise<KernelPlan[]> {
  const plans: KernelPlan[] = [];
  for (const spec of o.specs) {
    if (spec.kind === "host") plans.push({ name: "host", release: o.hostRelease, executor: "container", describe: "the host's kernel, in containers" });
    else plans.push(await prepareVmKernel(spec, o));
  }
  return plans;
}

/** Kills every VM of the plan (the run's end, or its interruption) but the kept ones, and removes their sockets. */
export function stopVms(kernels: readonly KernelPlan[]): void {
  const ups = kernels.filter(isVmKernel).flatMap((k) => Object.values(k.vms)).flatMap((vm) => (vm.state === "up" ? [vm] : []));
  for (const vm of ups.filter((u) => !u.kept)) killVm(vm.address.pid);
  if (ups.length > 0 && ups.every((u) => !u.kept)) rmSync(dirname(ups[0]!.address.socket), { recursive: true, force: true });
}
