// Caps how many cells run at once (one per core by default). The slots are host-wide, shared by
// every vitest worker of every criu-lab run on this host, so two runs at once never load the host
// with more cells than the larger --parallel. Slots and VM locks are flock(2) locks (file-lock.ts,
// slot-lock.ts): a killed cell's slot is free at once, with no stale file to take over.
import { cacheDir } from "../platform/cache-dir.js";
import { lockFile, type HeldLock } from "../platform/file-lock.js";
import { withSlot } from "../platform/slot-lock.js";
import { isVmKernel, type KernelPlan } from "./run-plan.js";

/** Where the slot files live; also what `criu-lab gc` leaves alone. */
export function cellSlotsDir(): string {
  return cacheDir("locks", "cell-slots");
}

export function withCellSlot<T>(slots: number, work: () => Promise<T>): Promise<T> {
  return withSlot(cellSlotsDir(), slots, () => work());
}

/** A run's own locks (VMs are per run): cacheDir("locks", "runs", <run id>-<name>). */
export function runLockPath(runId: string, name: string): string {
  return cacheDir("locks", "runs", `${runId}-${name.replace(/[^\w.-]/g, "_")}`);
}

/**
 * Holds named locks (a VM is one: its cells run one at a time) while work runs. Taken in sorted
 * order, so two cells that need the same two VMs never wait on each other crosswise.
 */
export async function withNamedLocks<T>(runId: string, names: readonly string[], work: () => Promise<T>): Promise<T> {
  const held: HeldLock[] = [];
  try {
    for (const name of [...new Set(names)].sort()) held.push(await lockFile(runLockPath(runId, name)));
    return await work();
  } finally {
    for (const h of held.reverse()) await h.release();
  }
}

/**
 * The locks of the VMs a cell runs in (its dump and restore sides): a VM runs one cell at a time (its
 * cells share one pid space). Versions that share a VM (builds of one userland) share its lock.
 */
export function vmLockNames(kernel: KernelPlan, versions: readonly (string | undefined)[]): string[] {
  if (!isVmKernel(kernel)) return [];
  return versions.flatMap((x) => {
    const vm = x === undefined ? undefined : kernel.vms[x];
    return vm?.state === "up" ? [`vm-${vm.vmId}`] : [];
  });
}
