// Brings one VM of a kernel up (vm-guests.ts says which versions share it): booted here, or, for a
// bisect, the run's kept VM found again (kept-vms.ts); then each version's CRIU installed into it when
// it is a build, and `criu check` run with that CRIU. One plan per version: up, or why not.
import { join } from "node:path";
import { CriuLabError } from "../platform/errors.js";
import { contentKey } from "../platform/content-key.js";
import { guestCriuDir, installCriu } from "../executors/vm/criu-install.js";
import { keptVm, vmRunDir } from "../executors/vm/kept-vms.js";
import { bootVm, VmBootError, type RunningVm, type VmSpec } from "../executors/vm/qemu-vm.js";
import { ensureRootfsDisk } from "../executors/vm/rootfs-disk.js";
import { VmHungError, VmSession, type VmAddress } from "../executors/vm/vm-session.js";
import type { VmSettings } from "../executors/vm/vm-settings.js";
import { ensureWorkDisk } from "../executors/vm/work-disk.js";
import type { KernelBoot } from "../kernels/boot-files.js";
import { criuCheckOn } from "./criu-check.js";
import type { VmPlan } from "./run-plan.js";
import { consoleLogOf, type VmGuest } from "./vm-guests.js";
import { say } from "../platform/say.js";

export interface VmUpContext {
  kernel: string;
  boot: KernelBoot;
  accel: "kvm" | "tcg";
  runId: string;
  /** Where the VMs' consoles are kept. */
  consolesDir: string;
  vm: VmSettings;
  /** Keep the VM for later processes of this run (a bisect's steps), or find the one kept before. */
  keep: boolean;
}

/** One line: a cell's reason never spans lines (the tool output it quotes often does). */
export function oneLine(e: unknown): string {
  const text = e instanceof CriuLabError ? e.oneLine() : e instanceof Error ? e.message : String(e);
  return text.replace(/\s*\n\s*/g, "; ");
}

async function boot(guest: VmGuest, ctx: VmUpContext): Promise<RunningVm & { reused: boolean }> {
  const { cpus, memoryMiB, append, bootTimeoutMs } = ctx.vm;
  const spec: VmSpec = {
    // A short socket name: a unix socket's path has room for about 100 bytes.
    boot: ctx.boot, rootfsDisk: await ensureRootfsDisk(guest.image), workDisk: await ensureWorkDisk(), accel: ctx.accel,
    socket: join(vmRunDir(ctx.runId), `${contentKey(guest.id, 12)}.sock`), consoleLog: consoleLogOf(ctx.consolesDir, guest), cpus, memoryMiB, append,
  };
  if (!ctx.keep) return { ...(await bootVm(spec, bootTimeoutMs)), reused: false };
  // What was booted, not where its files are: a later step finds the VM by this.
  const key = contentKey({ kernel: ctx.kernel, vmlinuz: ctx.boot.kernel.vmlinuz, root: spec.rootfsDisk, work: spec.workDisk, accel: spec.accel, cpus, memoryMiB, append });
  return keptVm({ runId: ctx.runId, key, limit: ctx.vm.keep, boot: () => bootVm(spec, bootTimeoutMs) });
}

async function versionUp(vm: RunningVm & { reused: boolean }, entry: VmGuest["versions"][number], guest: VmGuest, ctx: VmUpContext): Promise<VmPlan> {
  const { version: v, install } = entry;
  const address: VmAddress = {
    name: `${ctx.kernel} / CRIU ${v.version}`, socket: vm.socket, pid: vm.pid, consoleLog: vm.consoleLog, commandTimeoutMs: ctx.vm.commandTimeoutMs,
    ...(install ? { criuDir: guestCriuDir(install.buildDir) } : {}),
  };
  try {
    const session = await VmSession.open(address);
    const check = await (async () => {
      if (install) await installCriu(session, install.buildDir);
      return criuCheckOn(session);
    })().finally(() => session.remove());
    const how = vm.reused ? "kept from an earlier step" : `up in ${(vm.bootMs / 1000).toFixed(1)} s (${ctx.accel})`;
    const shared = install ? `, ${guest.describe}, CRIU installed into it` : "";
    say(`CRIU ${v.version} on ${ctx.kernel}: VM ${how}${shared}; criu check: ${check.ok ? "ok" : check.unsupported ? `unsupported (${check.summary})` : `failed (${check.summary})`}`);
    return { state: "up", version: v.version, vmId: guest.id, address, bootMs: vm.bootMs, reused: vm.reused, kept: ctx.keep, check };
  } catch (e) {
    const reason = `no VM for CRIU ${v.version} on ${ctx.kernel}: ${oneLine(e)}`;
    say(reason);
    return { state: "down", version: v.version, consoleLog: vm.consoleLog, reason, ...(e instanceof VmHungError ? { consoleTail: e.consoleTail } : {}) };
  }
}

/** The guest's VM, and each of its versions checked in it; a VM that does not come up downs them all. */
export async function bringUp(guest: VmGuest, ctx: VmUpContext): Promise<VmPlan[]> {
  let vm: RunningVm & { reused: boolean };
  try {
    vm = await boot(guest, ctx);
  } catch (e) {
    return guest.versions.map(({ version }): VmPlan => {
      const reason = `no VM for CRIU ${version.version} on ${ctx.kernel}: ${oneLine(e)}`;
      say(reason);
      return { state: "down", version: version.version, consoleLog: consoleLogOf(ctx.consolesDir, guest), reason, ...(e instanceof VmBootError ? { consoleTail: e.consoleTail } : {}) };
    });
  }
  const plans: VmPlan[] = [];
  for (const entry of guest.versions) plans.push(await versionUp(vm, entry, guest, ctx));
  return plans;
}
