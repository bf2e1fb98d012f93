// KVM when it works, else TCG: detected once per host boot, never assumed. /dev/kvm may exist and
// still hang (nested virtualization here), so the probe boots the kernel and waits for it to speak.
import { execa } from "execa";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { cacheDir } from "../../platform/cache-dir.js";
import type { KernelBoot } from "../../kernels/boot-files.js";
import { logger } from "../../platform/log.js";
import { ensureQemu, type Accel } from "./qemu-vm.js";

const log = logger("vm");
const PROBE_TIMEOUT_MS = 20_000;

export interface AccelChoice {
  accel: Accel;
  why: string;
}

function bootId(): string {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return "unknown";
  }
}

export async function kvmDeviceUsable(): Promise<boolean> {
  return access("/dev/kvm", constants.R_OK | constants.W_OK).then(() => true, () => false);
}

/** Boots the kernel under KVM with the initramfs's probe mode; it must print within the timeout. */
async function kvmBoots(boot: KernelBoot): Promise<{ ok: boolean; detail: string }> {
  const args = ["-accel", "kvm", "-cpu", "host", "-m", "512", "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
    "-serial", "stdio", "-kernel", boot.kernel.vmlinuz, ...(boot.initramfs ? ["-initrd", boot.initramfs] : []),
    "-append", "console=ttyS0 panic=-1 criu-lab.probe"];
  const r = await execa("qemu-system-x86_64", args, { reject: false, timeout: PROBE_TIMEOUT_MS, killSignal: "SIGKILL", all: true });
  const out = r.all ?? "";
  if (/criu-lab: probe booted|Kernel panic/.test(out)) return { ok: true, detail: "" };
  if (r.timedOut) return { ok: false, detail: `printed nothing in ${PROBE_TIMEOUT_MS / 1000} s (nested KVM?)` };
  const qemuSays = out.split("\n").filter((l) => l.startsWith("qemu-system")).slice(0, 1).join("");
  return { ok: false, detail: `failed: ${qemuSays || `qemu exited ${r.exitCode}`}` };
}

/** `forced` (CRIU_LAB_ACCEL) wins; otherwise KVM is probed once per host boot, never assumed. */
export async function chooseAccel(boot: KernelBoot, forced?: "kvm" | "tcg"): Promise<AccelChoice> {
  if (forced) return { accel: forced, why: "CRIU_LAB_ACCEL" };
  if (!(await kvmDeviceUsable())) return { accel: "tcg", why: existsSync("/dev/kvm") ? "/dev/kvm is not usable by this user" : "no /dev/kvm" };
  const file = cacheDir("vm", `accel-${bootId()}.json`);
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as AccelChoice;
  await ensureQemu();
  const started = Date.now();
  const probe = await kvmBoots(boot);
  const choice: AccelChoice = probe.ok
    ? { accel: "kvm", why: `a probe boot under KVM took ${Date.now() - started} ms` }
    : { accel: "tcg", why: `/dev/kvm is there but a probe boot under KVM ${probe.detail}` };
  log("accel: %s (%s)", choice.accel, choice.why);
  await mkdir(cacheDir("vm"), { recursive: true });
  await writeFile(file, JSON.stringify(choice));
  return choice;
}

/** What was detected on this boot, without probing (for `doctor`). */
export async function knownAccel(): Promise<AccelChoice | undefined> {
  const file = cacheDir("vm", `accel-${bootId()}.json`);
  return existsSync(file) ? (JSON.parse(await readFile(file, "utf8")) as AccelChoice) : undefined;
}
