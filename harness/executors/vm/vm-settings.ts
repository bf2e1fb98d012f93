// The knobs of the VM executor, read from the environment once and validated there: a bad value is
// a one-line error naming the variable, before anything boots. The run carries them from then on.
import { InputError } from "../../platform/errors.js";

export interface VmSettings {
  cpus: number;
  memoryMiB: number;
  /** From qemu's start to the agent's first answer. */
  bootTimeoutMs: number;
  /** What one command in a guest may take; a guest silent for longer (plus a grace) is hung. */
  commandTimeoutMs: number;
  /** Extra kernel parameters for every VM (debug options; criu-lab.hang tests the boot timeout). */
  append: string[];
  /** Forced accelerator; unset: probed once per host boot. */
  accel?: "kvm" | "tcg";
  /**
   * How many VMs a bisect keeps booted between its steps (kept-vms.ts); the least recently used goes
   * first. 2: one userland on each side of a builder change (v3.19 builds in bookworm, v4.0 in trixie).
   */
  keep: number;
}

export const VM_DEFAULTS: VmSettings = { cpus: 1, memoryMiB: 2048, bootTimeoutMs: 240_000, commandTimeoutMs: 330_000, append: [], keep: 2 };

function whole(env: NodeJS.ProcessEnv, name: string, range: { min: number; max: number }, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new InputError(`${name}="${raw}" is not a whole number from ${range.min} to ${range.max}`);
  }
  return n;
}

export function vmSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): VmSettings {
  const accel = env.CRIU_LAB_ACCEL || undefined;
  if (accel !== undefined && accel !== "kvm" && accel !== "tcg") throw new InputError(`CRIU_LAB_ACCEL="${accel}" is neither kvm nor tcg`);
  return {
    cpus: whole(env, "CRIU_LAB_VM_CPUS", { min: 1, max: 64 }, VM_DEFAULTS.cpus),
    memoryMiB: whole(env, "CRIU_LAB_VM_MEMORY_MIB", { min: 256, max: 65536 }, VM_DEFAULTS.memoryMiB),
    bootTimeoutMs: whole(env, "CRIU_LAB_VM_BOOT_TIMEOUT", { min: 1, max: 3600 }, VM_DEFAULTS.bootTimeoutMs / 1000) * 1000,
    commandTimeoutMs: whole(env, "CRIU_LAB_VM_COMMAND_TIMEOUT", { min: 1, max: 86400 }, VM_DEFAULTS.commandTimeoutMs / 1000) * 1000,
    append: (env.CRIU_LAB_VM_APPEND ?? "").split(/\s+/).filter(Boolean),
    keep: whole(env, "CRIU_LAB_VM_KEEP", { min: 1, max: 16 }, VM_DEFAULTS.keep),
    ...(accel ? { accel } : {}),
  };
}
