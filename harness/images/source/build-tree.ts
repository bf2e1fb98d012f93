// A build tree kept per (builder image, repository), so a commit next to the one built before (a
// bisect step) is built as a developer would: the files that differ are replaced, make rebuilds what
// depends on them. One builder's toolchain only, so no stale .d of another compiler meets it.
// Anything doubtful (no tree, an unknown commit, a busy tree) is a clean tree instead.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { copyFile, cp, lstat, mkdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { cacheDir } from "../../platform/cache-dir.js";
import { contentKey } from "../../platform/content-key.js";
import { tryLockFile, type HeldLock } from "../../platform/file-lock.js";
import { logger } from "../../platform/log.js";

const log = logger("build");

/** What the tree holds now, written after its files are in place. */
const HOLDS = ".criu-lab-commit";

export interface GitOrigin {
  /** The clone the commits are read from. */
  clone: string;
  commit: string;
}

export interface BuildTree extends AsyncDisposable {
  dir: string;
  /** "incremental from <commit>" or "clean". */
  how: string;
  /** Throws the tree away (after a failed incremental build, before a clean one). */
  reset(exportDir: string): Promise<void>;
}

function treeDir(builderImage: string, clone: string): string {
  return cacheDir("build-trees", contentKey({ builderImage, clone }, 16));
}

async function changedPaths(origin: GitOrigin, from: string): Promise<{ status: string; path: string }[] | undefined> {
  const r = await execa("git", ["-C", origin.clone, "diff", "--name-status", "--no-renames", "-z", from, origin.commit], { reject: false });
  if (r.exitCode !== 0) return undefined;
  const parts = r.stdout.split("\0").filter(Boolean);
  const out: { status: string; path: string }[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) out.push({ status: parts[i]!, path: parts[i + 1]! });
  return out;
}

/** A changed file copied fresh (its mtime now, newer than its objects), or a changed symlink made again. */
async function place(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  await rm(to, { force: true });
  if ((await lstat(from)).isSymbolicLink()) await symlink(await readlink(from), to);
  else await copyFile(from, to);
}

async function fillClean(dir: string, exportDir: string, commit: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dirname(dir), { recursive: true });
  // Relative symlinks (compel's include tree has them) stay as they are, not pointed at the export.
  await cp(exportDir, dir, { recursive: true, verbatimSymlinks: true });
  await writeFile(join(dir, HOLDS), commit);
}

/**
 * The tree for this commit: the kept one brought from the commit it holds (changed files copied
 * fresh, so make sees them newer than their objects; deleted files removed), or a clean copy of
 * the export. Held exclusively until disposed; a tree another build holds is not waited for.
 */
export async function buildTree(builderImage: string, origin: GitOrigin, exportDir: string): Promise<BuildTree | undefined> {
  const dir = treeDir(builderImage, origin.clone);
  await mkdir(dirname(dir), { recursive: true });
  const lock: HeldLock | undefined = await tryLockFile(`${dir}.lock`);
  if (!lock) return undefined;
  const held = existsSync(join(dir, HOLDS)) ? (await readFile(join(dir, HOLDS), "utf8")).trim() : "";
  const changes = held ? await changedPaths(origin, held) : undefined;
  let how = "clean";
  if (changes) {
    await rm(join(dir, HOLDS), { force: true });
    for (const { status, path } of changes) {
      if (status === "D") await rm(join(dir, path), { force: true });
      else await place(join(exportDir, path), join(dir, path));
    }
    await writeFile(join(dir, HOLDS), origin.commit);
    how = `incremental from ${held.slice(0, 12)} (${changes.length} file(s) changed)`;
  } else {
    await fillClean(dir, exportDir, origin.commit);
  }
  log("build tree %s: %s", dir, how);
  return {
    dir,
    how,
    reset: (again) => fillClean(dir, again, origin.commit),
    [Symbol.asyncDispose]: () => lock.release(),
  };
}
