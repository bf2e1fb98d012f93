// A base image per Debian suite: the debootstrap rootfs imported into Docker, tagged by its recipe.
import { execa } from "execa";
import { ImageError } from "../platform/errors.js";
import { IMAGE_LABEL } from "../platform/labels.js";
import { logger } from "../platform/log.js";
import { SingleFlight } from "../platform/single-flight.js";
import { ensureRootfs, type RootfsRecipe } from "./debootstrap-rootfs.js";
import { imageExists } from "../platform/docker-cli.js";
import { contentKey } from "../platform/content-key.js";
import { BASE_PACKAGES, debianMirror, type DebianSuite } from "../platform/suites.js";

const log = logger("images");

/** Bump when the way base images are made changes in a way the recipe fields do not show. */
const BASE_RECIPE_REVISION = 2;

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

/** One import per tag at once: a tar of the rootfs while another build's apt writes in it fails. */
const importing = new SingleFlight<BaseImage>();

export function ensureBaseImage(suite: DebianSuite): Promise<BaseImage> {
  const base = baseImageFor(suite);
  return importing.run(base.tag, () => importBaseImage(base));
}

async function importBaseImage(base: BaseImage): Promise<BaseImage> {
  if (await imageExists(base.tag)) return base;
  const dir = await ensureRootfs(base.rootfsRecipe, base.key);
  log("importing %s", base.tag);
  const tar = execa("tar", ["-C", dir, "--exclude=./.criu-lab-complete", "-c", "."], { buffer: false });
  const imp = execa("docker", ["import", "--change", `LABEL ${IMAGE_LABEL}=base`, "-", base.tag], {
    reject: false,
    all: true,
  });
  tar.stdout?.pipe(imp.stdin!);
  const [t, i] = await Promise.all([tar, imp]);
  if (t.exitCode !== 0 || i.exitCode !== 0) {
    throw new ImageError(`docker import of ${base.tag} failed: ${i.all ?? ""}`.trim());
  }
  return base;
}

/** Where the base image's rootfs lives on the host (for chroot package downloads). */
export async function baseRootfs(base: BaseImage): Promise<string> {
  return ensureRootfs(base.rootfsRecipe, base.key);
}
