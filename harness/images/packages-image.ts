// Derives an image from a base by installing Debian packages, with no network in the container:
// the host downloads the .debs in a chroot of the base rootfs, a network-less container installs them.
import { execa } from "execa";
import { copyFile, cp, mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { dir as tmpDir } from "tmp-promise";
import { ImageError } from "../platform/errors.js";
import { BUILD_NAME_PREFIX, IMAGE_LABEL, ownerPid } from "../platform/labels.js";
import { logger } from "../platform/log.js";
import { SingleFlight } from "../platform/single-flight.js";
import { baseRootfs, type BaseImage } from "./base-image.js";
import { imageExists } from "../platform/docker-cli.js";
import { withRootfsLock } from "./rootfs-lock.js";

const log = logger("images");

/** The archive this host reaches may serve an expired Release file (sid's, seen here): accept it. */
async function downloadDebs(rootfs: string, packages: readonly string[], into: string): Promise<string[]> {
  const inChroot = `/tmp/criu-lab-debs-${process.pid}-${Date.now()}`;
  const hostSide = join(rootfs, inChroot);
  await mkdir(join(hostSide, "partial"), { recursive: true });
  await copyFile("/etc/resolv.conf", join(rootfs, "etc/resolv.conf")).catch(() => undefined);
  try {
    const update = await execa("chroot", [rootfs, "apt-get", "-o", "Acquire::Check-Valid-Until=false", "update", "-qq"], { reject: false, all: true });
    const get = await execa(
      "chroot",
      [rootfs, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "--download-only",
        "-o", `Dir::Cache::archives=${inChroot}`, ...packages],
      { reject: false, all: true, env: { DEBIAN_FRONTEND: "noninteractive" } },
    );
    if (get.exitCode !== 0) {
      throw new ImageError(
        `downloading ${packages.join(" ")} failed (exit ${get.exitCode}):\n${[update.all, get.all].join("\n").split("\n").slice(-6).join("\n")}`,
        { hint: "check that Debian's package archive is reachable and the package names exist in this suite" },
      );
    }
    const debs = (await readdir(hostSide)).filter((f) => f.endsWith(".deb"));
    for (const f of debs) await cp(join(hostSide, f), join(into, f));
    return debs;
  } finally {
    await rm(hostSide, { recursive: true, force: true });
  }
}

export interface PackagesImageRecipe {
  base: BaseImage;
  packages: readonly string[];
  tag: string;
  labels: Record<string, string>;
}

/** One build per tag at once (several versions of one era share a builder and a runtime base). */
const building = new SingleFlight<string[]>();

/** Builds `tag` unless it exists; returns the .deb file names installed (empty when cached). */
export function ensurePackagesImage(recipe: PackagesImageRecipe): Promise<string[]> {
  return building.run(recipe.tag, () => buildPackagesImage(recipe));
}

async function buildPackagesImage(recipe: PackagesImageRecipe): Promise<string[]> {
  if (await imageExists(recipe.tag)) return [];
  const rootfs = await baseRootfs(recipe.base);
  const work = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-debs-" });
  const name = `${BUILD_NAME_PREFIX}${ownerPid()}-${Date.now()}`;
  try {
    const debs = await withRootfsLock(rootfs, () => downloadDebs(rootfs, recipe.packages, work.path));
    log("%s: installing %s", recipe.tag, debs.join(" "));
    const run = await execa(
      "docker",
      ["run", "--name", name, "--network=none", "-v", `${work.path}:/debs:ro`,
        recipe.base.tag, "sh", "-c", "dpkg -i /debs/*.deb"],
      { reject: false, all: true },
    );
    if (run.exitCode !== 0) {
      throw new ImageError(`installing ${recipe.packages.join(" ")} into ${recipe.tag} failed:\n${(run.all ?? "").split("\n").slice(-8).join("\n")}`);
    }
    const changes = Object.entries({ [IMAGE_LABEL]: "criu", ...recipe.labels }).flatMap(([k, v]) => ["--change", `LABEL ${k}="${v}"`]);
    const commit = await execa("docker", ["commit", ...changes, name, recipe.tag], { reject: false, all: true });
    if (commit.exitCode !== 0) throw new ImageError(`docker commit ${recipe.tag} failed: ${commit.all ?? ""}`);
    return debs;
  } finally {
    await execa("docker", ["rm", "-f", name], { reject: false });
    await work.cleanup();
  }
}
