// Makes a Debian root filesystem offline-for-Docker: debootstrap on the host, kept in the cache.
import { execa } from "execa";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ensureDebianPackages } from "../platform/debian-packages.js";
import { cacheDir, ensureCacheDir } from "../platform/cache-dir.js";
import { ensureEntry } from "../platform/cache-entry.js";
import { dirIsWhole, partialPath, publish, removeDeadPartials, sealDir } from "../platform/cache-seal.js";
import { ImageError } from "../platform/errors.js";
import { logger } from "../platform/log.js";
import type { DebianSuite } from "../platform/suites.js";

const log = logger("images");

export interface RootfsRecipe {
  suite: DebianSuite;
  include: readonly string[];
  mirror: string;
}

/** Written last, inside the rootfs (base-image.ts leaves it out of the image). */
export const DONE_MARKER = ".criu-lab-complete";

/** The cached rootfs dir for a recipe key, made by debootstrap if it is not complete yet. */
export async function ensureRootfs(recipe: RootfsRecipe, key: string): Promise<string> {
  const name = `${recipe.suite}-${key}`;
  const dir = cacheDir("rootfs", name);
  // A rootfs without its marker (debootstrap killed, or an old run's leftover) counts as absent.
  await ensureEntry({ kind: "rootfs", name }, { isWhole: () => dirIsWhole(dir, { marker: DONE_MARKER }), make: () => debootstrap(recipe, dir) });
  return dir;
}

async function debootstrap(recipe: RootfsRecipe, dir: string): Promise<void> {
  await ensureDebianPackages(["debootstrap"], "making Debian base images");
  await ensureCacheDir("rootfs");
  // Built beside its final place and renamed: a killed debootstrap never looks complete.
  await removeDeadPartials(dir);
  const tmp = partialPath(dir);
  await rm(tmp, { recursive: true, force: true });
  // No fsync per unpacked file: a rootfs is only used once sealed and renamed, so a crash
  // mid-way loses nothing that counts. dpkg in the chroot (and later apt in images of it) reads it.
  await mkdir(join(tmp, "etc/dpkg/dpkg.cfg.d"), { recursive: true });
  await writeFile(join(tmp, "etc/dpkg/dpkg.cfg.d/criu-lab-unsafe-io"), "force-unsafe-io\n");
  const started = Date.now();
  process.stderr.write(`criu-lab: debootstrap ${recipe.suite} (about a minute)\n`);
  const args = [
    "--variant=minbase",
    `--include=${recipe.include.join(",")}`,
    recipe.suite,
    tmp,
    recipe.mirror,
  ];
  log("debootstrap %s", args.join(" "));
  const r = await execa("debootstrap", args, { reject: false, all: true });
  if (r.exitCode !== 0) {
    const tail = (r.all ?? "").split("\n").slice(-6).join("\n");
    await rm(tmp, { recursive: true, force: true });
    throw new ImageError(`debootstrap ${recipe.suite} failed (exit ${r.exitCode}):\n${tail}`, {
      hint: `check that ${recipe.mirror} is reachable, or set CRIU_LAB_DEBIAN_MIRROR`,
    });
  }
  await sealDir(tmp, { marker: DONE_MARKER, meta: { ...recipe } });
  await publish(tmp, dir);
  log("debootstrap %s took %d ms", recipe.suite, Date.now() - started);
}
