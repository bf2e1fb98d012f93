// What booting a kernel needs beside the bzImage: an initramfs that loads the modules for the root
// disk and agent port (busybox from the host's busybox-static), and a disk with all its modules.
import { execa } from "execa";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { dir as tmpDir } from "tmp-promise";
import { ImageError } from "../platform/errors.js";
import { cacheDir } from "../platform/cache-dir.js";
import { ensureEntry } from "../platform/cache-entry.js";
import { fileIsWhole, partialPath, publish, sealFile } from "../platform/cache-seal.js";
import { ensureDebianPackages } from "../platform/debian-packages.js";
import { ensureExt4Disk } from "../platform/ext4-disk.js";
import { contentKey } from "../platform/content-key.js";
import { INITRAMFS_ROOTS, loadOrder, moduleName } from "./module-order.js";
import type { VmKernel } from "./vm-kernel.js";

const INITRAMFS_INIT = fileURLToPath(new URL("../executors/vm/guest/initramfs-init.sh", import.meta.url));

/** Bump when the initramfs or modules disk is made differently in a way the key does not show. */
const BOOT_RECIPE_REVISION = 1;

export interface KernelBoot {
  kernel: VmKernel;
  /** Absent when the kernel has no modules: it must then mount /dev/vda by itself. */
  initramfs?: string;
  modulesDisk?: string;
}

function bootKey(k: VmKernel): string {
  const st = statSync(k.vmlinuz);
  const init = createHash("sha256").update(readFileSync(INITRAMFS_INIT)).digest("hex");
  return contentKey({ vmlinuz: k.vmlinuz, size: st.size, mtime: st.mtimeMs, release: k.release, modules: k.modulesDir, init, rev: BOOT_RECIPE_REVISION });
}

async function decompressInto(src: string, dest: string): Promise<void> {
  if (src.endsWith(".xz")) await execa("sh", ["-c", 'xz -dc "$1" > "$2"', "sh", src, dest]);
  else if (src.endsWith(".zst")) await execa("sh", ["-c", 'zstd -qdc "$1" > "$2"', "sh", src, dest]);
  else if (src.endsWith(".gz")) await execa("sh", ["-c", 'gzip -dc "$1" > "$2"', "sh", src, dest]);
  else await copyFile(src, dest);
}

async function makeInitramfs(modulesDir: string, target: string): Promise<void> {
  await ensureDebianPackages(["busybox-static", "cpio", "xz-utils", "zstd"], "making VM initramfs images");
  const stage = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-initramfs-" });
  try {
    const order = loadOrder(await readFile(join(modulesDir, "modules.dep"), "utf8"), INITRAMFS_ROOTS);
    if (!order.some((p) => moduleName(p) === "virtio_blk") && !existsSync(join(modulesDir, "modules.builtin"))) {
      throw new ImageError(`${modulesDir} has no virtio_blk module and no modules.builtin: the VM could not reach its disk`);
    }
    await mkdir(join(stage.path, "bin"), { recursive: true });
    await mkdir(join(stage.path, "modules"), { recursive: true });
    await copyFile("/bin/busybox", join(stage.path, "bin/busybox"));
    await copyFile(INITRAMFS_INIT, join(stage.path, "init"));
    await execa("chmod", ["755", join(stage.path, "init"), join(stage.path, "bin/busybox")]);
    const names: string[] = [];
    for (const p of order) {
      const name = `${moduleName(p)}.ko`;
      await decompressInto(join(modulesDir, p), join(stage.path, "modules", name));
      names.push(name);
    }
    await writeFile(join(stage.path, "modules.load"), `${names.join("\n")}\n`);
    const partial = partialPath(target);
    await execa("sh", ["-c", 'cd "$1" && find . | cpio -o -H newc --quiet | gzip -1 > "$2"', "sh", stage.path, partial]);
    await publish(partial, target);
    await sealFile(target, { digest: true });
  } finally {
    await stage.cleanup();
  }
}

/** The initramfs and modules disk of a kernel: one cache entry, checked by digest and size on every use. */
export async function ensureKernelBoot(kernel: VmKernel): Promise<KernelBoot> {
  const modulesDir = kernel.modulesDir;
  if (!modulesDir) return { kernel };
  const name = `boot-${bootKey(kernel)}`;
  const dir = cacheDir("kernels", name);
  const initramfs = join(dir, "initramfs.cpio.gz");
  const modulesDisk = join(dir, "modules.ext4");
  const initramfsWhole = () => fileIsWhole(initramfs, { digest: true });
  await ensureEntry({ kind: "kernels", name }, {
    isWhole: async () => (await initramfsWhole()) && (await fileIsWhole(modulesDisk, { digest: false })),
    make: async () => {
      await mkdir(dir, { recursive: true });
      if (!(await initramfsWhole())) await makeInitramfs(modulesDir, initramfs);
      // The modules disk holds <release>/ at its root; the guest mounts it on /lib/modules.
      await ensureExt4Disk(dirname(modulesDir), modulesDisk, `mod-${basename(modulesDir)}`.slice(0, 16));
    },
  });
  return { kernel, initramfs, modulesDisk };
}
