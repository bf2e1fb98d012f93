// The disk the cells' /work lives on: an empty ext4, cached once and used copy-on-write by every VM.
// Off the root disk, a cell's files never touch the root filesystem, whose write counter then tells
// the agent's reset whether a cell wrote anywhere else (guest/guest_reset.py).
import { utimes } from "node:fs/promises";
import { dir as tmpDir } from "tmp-promise";
import { cacheDir } from "../../platform/cache-dir.js";
import { ensureEntry } from "../../platform/cache-entry.js";
import { fileIsWhole } from "../../platform/cache-seal.js";
import { contentKey } from "../../platform/content-key.js";
import { ensureExt4Disk } from "../../platform/ext4-disk.js";

/** Room for a few dumps of a large process (a sparse file: unused room costs no host disk). */
const WORK_DISK_MIB = 8192;

export async function ensureWorkDisk(): Promise<string> {
  const name = `work-${contentKey({ mib: WORK_DISK_MIB, label: "criu-lab-work" })}.ext4`;
  const target = cacheDir("vm-disks", name);
  const made = await ensureEntry({ kind: "vm-disks", name }, {
    isWhole: () => fileIsWhole(target, { digest: false }),
    make: async () => {
      const empty = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-work-" });
      try {
        await ensureExt4Disk(empty.path, target, "criu-lab-work", WORK_DISK_MIB);
      } finally {
        await empty.cleanup();
      }
    },
  });
  if (!made) await utimes(target, new Date(), new Date());
  return target;
}
