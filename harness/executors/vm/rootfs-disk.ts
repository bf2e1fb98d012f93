// The VM's root disk: an image exported (a packaged CRIU version's own image, or the userland a
// source build runs on, see harness/scenario/vm-guests.ts), plus the guest init and agent. Cached by
// image id and guest files.
import { execa } from "execa";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { copyFile, mkdir, readdir, rm, stat, utimes } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { dir as tmpDir } from "tmp-promise";
import { ImageError } from "../../platform/errors.js";
import { cacheDir } from "../../platform/cache-dir.js";
import { claimUnused, ensureEntry } from "../../platform/cache-entry.js";
import { fileIsWhole } from "../../platform/cache-seal.js";
import { imageId } from "../../platform/docker-cli.js";
import { contentKey } from "../../platform/content-key.js";
import { buildContainerName, ownerPid } from "../../platform/labels.js";
import { ensureExt4Disk } from "../../platform/ext4-disk.js";

const GUEST = ["init.sh", "agent.py", "guest_reset.py", "guest_files.py", "guest_firewall.py"].map((f) => fileURLToPath(new URL(`./guest/${f}`, import.meta.url)));

const ROOTFS_RECIPE_REVISION = 3;

export function guestDigest(): string {
  const h = createHash("sha256");
  for (const f of GUEST) h.update(readFileSync(f));
  return h.digest("hex");
}

/** Root disks are ~1 GB each and a bisect makes one per commit: keep the newest few (not those in use). */
async function pruneOldDisks(keep: string): Promise<void> {
  const limit = Number(process.env.CRIU_LAB_VM_DISKS_KEEP ?? 8);
  const dir = cacheDir("vm-disks");
  const disks = (await readdir(dir)).filter((f) => /^rootfs-\w+\.ext4$/.test(f)).map((f) => join(dir, f));
  const byAge = (await Promise.all(disks.map(async (f) => ({ f, t: (await stat(f)).mtimeMs })))).sort((a, b) => b.t - a.t);
  for (const { f } of byAge.slice(limit)) {
    if (f === keep) continue;
    await using claim = await claimUnused({ kind: "vm-disks", name: basename(f) });
    if (claim) await rm(f, { force: true });
  }
}

export async function ensureRootfsDisk(imageTag: string): Promise<string> {
  const id = await imageId(imageTag);
  const key = contentKey({ id, guest: guestDigest(), rev: ROOTFS_RECIPE_REVISION });
  const name = `rootfs-${key}.ext4`;
  const target = cacheDir("vm-disks", name);
  // A disk cut short (a crash, a full disk) no longer has its sealed size: made again.
  const made = await ensureEntry({ kind: "vm-disks", name }, { isWhole: () => fileIsWhole(target, { digest: false }), make: () => exportDisk(imageTag, target) });
  if (!made) await utimes(target, new Date(), new Date());
  return target;
}

async function exportDisk(imageTag: string, target: string): Promise<void> {
  await mkdir(cacheDir("vm-disks"), { recursive: true });
  const stage = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-rootfs-", tmpdir: cacheDir("vm-disks") });
  // A named container, so the sweeper finds it if this process dies mid-export.
  const name = buildContainerName("export");
  try {
    const created = await execa("docker", ["create", "--name", name, "--network=none", imageTag, "true"], { reject: false, all: true });
    if (created.exitCode !== 0) throw new ImageError(`docker create ${imageTag} failed: ${created.all ?? ""}`);
    const exported = await execa("sh", ["-c", 'docker export "$1" | tar -x -C "$2"', "sh", name, stage.path], { reject: false, all: true });
    if (exported.exitCode !== 0) throw new ImageError(`docker export of ${imageTag} failed: ${exported.all ?? ""}`);
    await mkdir(join(stage.path, "criu-lab"), { recursive: true });
    for (const f of GUEST) await copyFile(f, join(stage.path, "criu-lab", f.split("/").at(-1)!));
    await execa("chmod", ["755", join(stage.path, "criu-lab/init.sh")]);
    for (const d of ["work", "lib/modules", "proc", "sys", "dev", "run", "tmp"]) await mkdir(join(stage.path, d), { recursive: true });
    // The cells' /work is a disk of its own (work-disk.ts): this one needs little room.
    await ensureExt4Disk(stage.path, target, "criu-lab-root", 1024);
    await pruneOldDisks(target);
  } finally {
    await execa("docker", ["rm", "-f", name], { reject: false });
    await stage.cleanup();
  }
}
