// Derives an image from another by installing apt packages, with no network in the container: the
// host downloads the .debs in a chroot of the image's root filesystem (so apt resolves against what
// the image has and against its own sources), then a network-less container installs them with apt.
import { execa } from "execa";
import { copyFile, cp, mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { dir as tmpDir } from "tmp-promise";
import { ImageError } from "../platform/errors.js";
import { shellLine } from "../platform/command-runner.js";
import { buildContainerName, IMAGE_LABEL } from "../platform/labels.js";
import { logger } from "../platform/log.js";
import { commitImage, ensureImage } from "./image-publish.js";
import { withRootfsLock } from "./rootfs-lock.js";

const log = logger("images");

export interface PackagesImageRecipe {
  /** The image the packages go into. */
  from: string;
  /** A host directory holding `from`'s root filesystem (debootstrap's, or the image exported). */
  rootfs: () => Promise<string>;
  packages: readonly string[];
  /** Installed when the image's archive has them, left out otherwise (another distro, an older release). */
  optional?: readonly string[];
  tag: string;
  labels: Record<string, string>;
  /** The recipe's last step, run on the built image before it gets its tag (image-publish.ts). */
  verify?: (image: string) => Promise<void>;
}

const chrootApt = (rootfs: string, args: string[]) =>
  execa("chroot", [rootfs, "apt-get", "-o", "Acquire::Check-Valid-Until=false", ...args], { reject: false, all: true, env: { DEBIAN_FRONTEND: "noninteractive" } });

/** The optional packages this archive has (`apt-cache show` knows them). */
async function available(rootfs: string, names: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const n of names) if ((await execa("chroot", [rootfs, "apt-cache", "show", "--no-all-versions", n], { reject: false })).exitCode === 0) found.push(n);
  return found;
}

/**
 * Downloads what installing `packages` into the rootfs needs into `into/debs`, and the package lists
 * apt used into `into/lists`. The archive this host reaches may serve an expired Release file (sid's,
 * seen here): accept it. Returns the package names asked for.
 */
async function download(recipe: PackagesImageRecipe, rootfs: string, into: string): Promise<string[]> {
  const inChroot = `/tmp/criu-lab-debs-${process.pid}-${Date.now()}`;
  const hostSide = join(rootfs, inChroot);
  await mkdir(join(hostSide, "partial"), { recursive: true });
  await copyFile("/etc/resolv.conf", join(rootfs, "etc/resolv.conf")).catch(() => undefined);
  try {
    const update = await chrootApt(rootfs, ["update", "-qq"]);
    const packages = [...recipe.packages, ...(await available(rootfs, recipe.optional ?? []))];
    const get = await chrootApt(rootfs, ["install", "-y", "-qq", "--no-install-recommends", "--download-only", "-o", `Dir::Cache::archives=${inChroot}`, ...packages]);
    if (get.exitCode !== 0) {
      throw new ImageError(
        `downloading ${packages.join(" ")} for ${recipe.tag} failed (exit ${get.exitCode}):\n${[update.all, get.all].join("\n").split("\n").slice(-6).join("\n")}`,
        { hint: "check that the image's package archive is reachable from this host and the package names exist there" },
      );
    }
    await mkdir(join(into, "debs"), { recursive: true });
    for (const f of (await readdir(hostSide)).filter((x) => x.endsWith(".deb"))) await cp(join(hostSide, f), join(into, "debs", f));
    await cp(join(rootfs, "var/lib/apt/lists"), join(into, "lists"), { recursive: true, filter: (src) => !/\/(lock|partial)$/.test(src) });
    return packages;
  } finally {
    await rm(hostSide, { recursive: true, force: true });
  }
}

/** apt in the container, from the downloaded .debs only: it orders the installation, dpkg -i alone does not. */
function installScript(packages: readonly string[]): string {
  return [
    "set -e",
    "cp -a /in/lists/. /var/lib/apt/lists/",
    "if ls /in/debs/*.deb >/dev/null 2>&1; then cp /in/debs/*.deb /var/cache/apt/archives/; fi",
    `DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-download --no-install-recommends ${shellLine(packages)}`,
    "apt-get clean",
    "rm -rf /var/lib/apt/lists/*",
  ].join("\n");
}

/** Builds `tag` unless it exists; returns the .deb file names installed (empty when cached). */
export async function ensurePackagesImage(recipe: PackagesImageRecipe): Promise<string[]> {
  let installed: string[] = [];
  await ensureImage(recipe.tag, async () => void (installed = await buildPackagesImage(recipe)));
  return installed;
}

async function buildPackagesImage(recipe: PackagesImageRecipe): Promise<string[]> {
  const rootfs = await recipe.rootfs();
  const work = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-debs-" });
  const name = buildContainerName();
  try {
    const packages = await withRootfsLock(rootfs, () => download(recipe, rootfs, work.path));
    const debs = await readdir(join(work.path, "debs"));
    log("%s: installing %s", recipe.tag, debs.join(" "));
    const run = await execa("docker", ["run", "--name", name, "--network=none", "-v", `${work.path}:/in:ro`, recipe.from, "sh", "-c", installScript(packages)], { reject: false, all: true });
    if (run.exitCode !== 0) {
      throw new ImageError(`installing ${packages.join(" ")} into ${recipe.tag} failed:\n${(run.all ?? "").split("\n").slice(-8).join("\n")}`);
    }
    // The install command must not become the image's command: keep the one it came with.
    const cmd = (await execa("docker", ["image", "inspect", "--format", "{{json .Config.Cmd}}", recipe.from], { reject: false })).stdout.trim();
    const keepCmd = cmd.startsWith("[") ? ["--change", `CMD ${cmd}`] : [];
    const changes = [...keepCmd, ...Object.entries({ [IMAGE_LABEL]: "criu", ...recipe.labels }).flatMap(([k, v]) => ["--change", `LABEL ${k}="${v}"`])];
    await commitImage(name, recipe.tag, { changes, verify: recipe.verify });
    return debs;
  } finally {
    await execa("docker", ["rm", "-f", name], { reject: false });
    await work.cleanup();
  }
}
