// A base image per Debian suite: the debootstrap rootfs imported into Docker, tagged by its recipe.
import { execa } from "execa";
import { ImageError } from "../platform/errors.js";
import { IMAGE_LABEL } from "../platform/labels.js";
import { logger } from "../platform/log.js";
import { DONE_MARKER, ensureRootfs, type RootfsRecipe } from "./debootstrap-rootfs.js";
import { ensureImage, partialTag, promoteImage } from "./image-publish.js";
import { withRootfsLock } from "./rootfs-lock.js";
import { contentKey } from "../platform/content-key.js";
import { BASE_PACKAGES, debianMirror, type DebianSuite } from "../platform/suites.js";

const log = logger("images");

/** Bump when the way base images are made changes in a way the recipe fields do not show. */
const BASE_RECIPE_REVISION = 3;

export interface BaseImage {
  suite: DebianSuite;
  tag: string;
  key: string;
  rootfsRecipe: RootfsRecipe;
}

export function baseImageFor(suite: DebianSuite): BaseImage {
  const rootfsRecipe: RootfsRecipe = { suite, include: BASE_PACKAGES, mirror: debianMirror() };
  const key = contentKey({ rootfsRecipe, revision: BASE_RECIPE_REVISION });
  return { suite, key, rootfsRecipe, tag: `criu-lab/base:${suite}-${key}` };
}

export async function ensureBaseImage(suite: DebianSuite): Promise<BaseImage> {
  const base = baseImageFor(suite);
  await ensureImage(base.tag, () => importRootfs(base));
  return base;
}

/** Imported under a temporary tag: a tar cut short by a killed run never gets the real one. */
async function importRootfs(base: BaseImage): Promise<void> {
  const dir = await ensureRootfs(base.rootfsRecipe, base.key);
  const temp = partialTag(base.tag);
  log("importing %s", base.tag);
  // Under the rootfs lock: another build's apt (a package download in a chroot of it) must not
  // write in the tree while it is read.
  const [t, i] = await withRootfsLock(dir, async () => {
    const tar = execa("tar", ["-C", dir, `--exclude=./${DONE_MARKER}`, "-c", "."], { buffer: false });
    const imp = execa("docker", ["import", "--change", `LABEL ${IMAGE_LABEL}=base`, "-", temp], { reject: false, all: true });
    tar.stdout?.pipe(imp.stdin!);
    return Promise.all([tar, imp]);
  });
  if (t.exitCode !== 0 || i.exitCode !== 0) {
    await execa("docker", ["rmi", temp], { reject: false });
    throw new ImageError(`docker import of ${base.tag} failed: ${i.all ?? ""}`.trim());
  }
  await promoteImage(temp, base.tag);
}

/** Where the base image's rootfs lives on the host (for chroot package downloads). */
export async function baseRootfs(base: BaseImage): Promise<string> {
  return ensureRootfs(base.rootfsRecipe, base.key);
}
