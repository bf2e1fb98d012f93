// Makes a Debian root filesystem offline-for-Docker: debootstrap on the host, kept in the cache.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { ensureDebianPackages } from "../platform/debian-packages.js";
import { cacheDir, ensureCacheDir } from "../platform/cache-dir.js";
import { ImageError } from "../platform/errors.js";
import { logger } from "../platform/log.js";
import { SingleFlight } from "../platform/single-flight.js";
import type { DebianSuite } from "../platform/suites.js";

const log = logger("images");

export interface RootfsRecipe {
  suite: DebianSuite;
  include: readonly string[];
  mirror: string;
}

const DONE_MARKER = ".criu-lab-complete";

/**
 * One debootstrap per rootfs in this process: images of several versions on one suite are made in
 * parallel, and debootstraps sharing the per-process partial dir overwrote each other's InRelease
 * ("Invalid Release signature") and apt lists (ENOTEMPTY).
 */
const making = new SingleFlight<string>();

/** The cached rootfs dir for a recipe key, made by debootstrap if it is not complete yet. */
export function ensureRootfs(recipe: RootfsRecipe, key: string): Promise<string> {
  const dir = cacheDir("rootfs", `${recipe.suite}-${key}`);
  if (existsSync(`${dir}/${DONE_MARKER}`)) return Promise.resolve(dir);
  return making.run(dir, () => makeRootfs(recipe, dir));
}

async function makeRootfs(recipe: RootfsRecipe, dir: string): Promise<string> {
  await ensureDebianPackages(["debootstrap"], "making Debian base images");
  await ensureCacheDir("rootfs");
  // Built beside its final place and renamed: a killed debootstrap never looks complete.
  const tmp = `${dir}.partial-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
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
  await writeFile(`${tmp}/${DONE_MARKER}`, JSON.stringify(recipe));
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  log("debootstrap %s took %d ms", recipe.suite, Date.now() - started);
  return dir;
}
