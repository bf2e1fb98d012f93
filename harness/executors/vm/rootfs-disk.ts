// The VM's root disk: the very image the container executor uses for a CRIU version, exported,
// plus the guest init and agent. Cached by image id and guest files.
import { execa } from "execa";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dir as tmpDir } from "tmp-promise";
import { ImageError } from "../../errors.js";
import { cacheDir } from "../../host/cache-dir.js";
import { imageId } from "../../images/docker-cli.js";
import { contentKey } from "../../images/image-key.js";
import { BUILD_NAME_PREFIX, ownerPid } from "../labels.js";
import { ensureExt4Disk } from "./ext4-disk.js";

const GUEST = ["init.sh", "agent.py"].map((f) => fileURLToPath(new URL(`./guest/${f}`, import.meta.url)));

const ROOTFS_RECIPE_REVISION = 1;

export function guestDigest(): string {
  const h = createHash("sha256");
  for (const f of GUEST) h.update(readFileSync(f));
  return h.digest("hex");
}

export async function ensureRootfsDisk(imageTag: string): Promise<string> {
  const id = await imageId(imageTag);
  const key = contentKey({ id, guest: guestDigest(), rev: ROOTFS_RECIPE_REVISION });
  const target = cacheDir("vm-disks", `rootfs-${key}.ext4`);
  if (existsSync(target)) return target;
  await mkdir(cacheDir("vm-disks"), { recursive: true });
  const stage = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-rootfs-", tmpdir: cacheDir("vm-disks") });
  // A named container, so the sweeper finds it if this process dies mid-export.
  const name = `${BUILD_NAME_PREFIX}${ownerPid()}-export-${Date.now()}`;
  try {
    const created = await execa("docker", ["create", "--name", name, "--network=none", imageTag, "true"], { reject: false, all: true });
    if (created.exitCode !== 0) throw new ImageError(`docker create ${imageTag} failed: ${created.all ?? ""}`);
    const exported = await execa("sh", ["-c", 'docker export "$1" | tar -x -C "$2"', "sh", name, stage.path], { reject: false, all: true });
    if (exported.exitCode !== 0) throw new ImageError(`docker export of ${imageTag} failed: ${exported.all ?? ""}`);
    await mkdir(join(stage.path, "criu-lab"), { recursive: true });
    for (const f of GUEST) await copyFile(f, join(stage.path, "criu-lab", f.split("/").at(-1)!));
    await execa("chmod", ["755", join(stage.path, "criu-lab/init.sh")]);
    for (const d of ["work", "lib/modules", "proc", "sys", "dev", "run", "tmp"]) await mkdir(join(stage.path, d), { recursive: true });
    return await ensureExt4Disk(stage.path, target, "criu-lab-root");
  } finally {
    await execa("docker", ["rm", "-f", name], { reject: false });
    await stage.cleanup();
  }
}
