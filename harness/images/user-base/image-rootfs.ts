// An image's root filesystem exported into the cache (keyed by image id): apt runs there in a chroot
// on the host, the one place with a network, to download what the image needs.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cacheDir } from "../../platform/cache-dir.js";
import { contentKey } from "../../platform/content-key.js";
import { ImageError } from "../../platform/errors.js";
import { buildContainerName, ownerPid } from "../../platform/labels.js";
import type { UserImage } from "./user-image.js";

const DONE_MARKER = ".criu-lab-complete";
const exporting = new Map<string, Promise<string>>();

/** docker export leaves /dev empty; apt in a chroot needs these. */
const DEVICES: [string, string][] = [["null", "3"], ["zero", "5"], ["random", "8"], ["urandom", "9"]];

async function exportRootfs(image: UserImage, dir: string): Promise<string> {
  const partial = `${dir}.partial-${process.pid}`;
  const name = buildContainerName("export");
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  try {
    const created = await execa("docker", ["create", "--name", name, "--network=none", image.id, "true"], { reject: false, all: true });
    if (created.exitCode !== 0) throw new ImageError(`docker create ${image.ref} failed: ${created.all ?? ""}`);
    const exported = await execa("sh", ["-c", 'docker export "$1" | tar -x -C "$2"', "sh", name, partial], { reject: false, all: true });
    if (exported.exitCode !== 0) throw new ImageError(`docker export of ${image.ref} failed: ${exported.all ?? ""}`);
    await mkdir(join(partial, "dev"), { recursive: true });
    for (const [dev, minor] of DEVICES) {
      await rm(join(partial, "dev", dev), { force: true });
      await execa("mknod", ["-m", "666", join(partial, "dev", dev), "c", "1", minor]);
    }
    await writeFile(join(partial, DONE_MARKER), image.ref);
    await rm(dir, { recursive: true, force: true });
    await rename(partial, dir);
    return dir;
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    throw e;
  } finally {
    await execa("docker", ["rm", "-f", name], { reject: false });
  }
}

export function ensureImageRootfs(image: UserImage): Promise<string> {
  const dir = cacheDir("rootfs", `image-${image.slug}-${contentKey(image.id)}`);
  if (existsSync(join(dir, DONE_MARKER))) return Promise.resolve(dir);
  let p = exporting.get(dir);
  if (!p) {
    p = exportRootfs(image, dir).finally(() => exporting.delete(dir));
    exporting.set(dir, p);
  }
  return p;
}
