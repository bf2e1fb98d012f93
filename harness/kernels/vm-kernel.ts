// A kernel a VM can boot: Debian's package of a series or suite, or one the user built.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { InputError } from "../platform/errors.js";
import { bzImageRelease } from "./bzimage-release.js";
import { ensureDebianKernel, findDebianKernel } from "./debian-kernel.js";
import type { KernelSpec } from "./kernel-spec.js";

export interface VmKernel {
  /** As the user named it: debian:6.1, /src/linux. */
  name: string;
  /** What `uname -r` says in the guest. */
  release: string;
  vmlinuz: string;
  /** lib/modules/<release>, depmod run; absent for a kernel with everything built in. */
  modulesDir?: string;
  describe: string;
}

function firstExisting(paths: string[]): string | undefined {
  return paths.find((p) => existsSync(p) && statSync(p).isFile());
}

async function userKernel(spec: Extract<KernelSpec, { kind: "path" }>): Promise<VmKernel> {
  const path = resolve(spec.path);
  if (!existsSync(path)) throw new InputError(`kernel "${spec.name}": ${path} does not exist`, { hint: "give a bzImage, or a directory with bzImage and lib/modules/<release>" });
  const isDir = statSync(path).isDirectory();
  const dir = isDir ? path : join(path, "..");
  const boot = isDir && existsSync(join(path, "boot")) ? readdirSync(join(path, "boot")).filter((f) => f.startsWith("vmlinuz-")).map((f) => join(path, "boot", f)) : [];
  const vmlinuz = isDir ? firstExisting([join(path, "bzImage"), join(path, "arch/x86/boot/bzImage"), ...boot]) : path;
  if (!vmlinuz) throw new InputError(`kernel "${spec.name}": no bzImage in ${path}`, { hint: "expected bzImage, arch/x86/boot/bzImage or boot/vmlinuz-* in it" });
  const release = await bzImageRelease(vmlinuz);
  if (!release) throw new InputError(`kernel "${spec.name}": ${vmlinuz} is not a bzImage (no boot header)`);
  const modulesDir = join(dir, "lib/modules", release);
  if (existsSync(modulesDir) && !existsSync(join(modulesDir, "modules.dep"))) {
    await execa("depmod", ["-b", dir, release]);
  }
  return {
    name: spec.name,
    release,
    vmlinuz,
    ...(existsSync(modulesDir) ? { modulesDir } : {}),
    describe: `${vmlinuz}${existsSync(modulesDir) ? ` with ${modulesDir}` : " (no modules: virtio, ext4 and virtio-serial must be built in)"}`,
  };
}

export async function resolveVmKernel(spec: Exclude<KernelSpec, { kind: "host" }>): Promise<VmKernel> {
  if (spec.kind === "path") return userKernel(spec);
  const offer = await findDebianKernel(spec);
  const dir = await ensureDebianKernel(offer);
  return {
    name: spec.name,
    release: offer.release,
    vmlinuz: join(dir, "boot", `vmlinuz-${offer.release}`),
    modulesDir: join(dir, "lib/modules", offer.release),
    describe: `Debian ${offer.suite} ${offer.package} ${offer.version}`,
  };
}

/** Checks a kernel name before any image is made: a series Debian lacks or a missing path is an input error now. */
export async function checkKernelSpec(spec: KernelSpec): Promise<void> {
  if (spec.kind === "debian") await findDebianKernel(spec);
  if (spec.kind === "path") await userKernel(spec);
}
