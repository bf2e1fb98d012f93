// Build trees kept per builder image, so a commit near one built before (a bisect step) is built as
// a developer would: the files that differ are replaced, make rebuilds what depends on them. Each
// tree records what it holds as a manifest (path -> mode and git blob), so it is brought to a commit of any
// clone of CRIU (a fresh clone, a fork, a synthetic history) by content, not by commit ancestry.
// One builder's toolchain only, so no stale .d of another compiler meets it. Anything doubtful
// (no tree, a manifest that cannot be read, every tree busy) is a clean tree instead.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { copyFile, cp, lstat, mkdir, readdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { cacheDir } from "../../platform/cache-dir.js";
import { contentKey } from "../../platform/content-key.js";
import { tryLockFile, type HeldLock } from "../../platform/file-lock.js";
import { logger } from "../../platform/log.js";

const log = logger("build");

/** What the tree holds now (the commit, then its files as `git ls-tree` lists them), written after its files are in place. */
const HOLDS = ".criu-lab-tree";

/** Two builds at once (two bisects, two workers) each keep a tree; a third builds from a clean copy. */
const TREES_PER_BUILDER = 2;

export interface GitOrigin {
  /** The clone the commits are read from. */
  clone: string;
  commit: string;
}

export interface BuildTree extends AsyncDisposable {
  dir: string;
  /** "incremental from <commit> (N file(s) changed)" or "clean". */
  how: string;
  /** The files this update copied in fresh (none for a clean tree). */
  replaced: ReadonlySet<string>;
  /** Throws the tree away (after a failed incremental build, before a clean one). */
  reset(exportDir: string): Promise<void>;
}

function treeDirs(builderImage: string): string[] {
  const key = contentKey({ builderImage }, 16);
  return Array.from({ length: TREES_PER_BUILDER }, (_, i) => cacheDir("build-trees", `${key}-${i}`));
}

/** path -> "mode type blob" from `git ls-tree` lines ("<mode> <type> <blob>\t<path>"), files only. */
function parseEntries(lines: string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const line of lines) {
    const tab = line.indexOf("\t");
    // Submodules (type commit) left out: git archive has none of them.
    if (tab > 0 && line.slice(0, tab).split(" ")[1] === "blob") files.set(line.slice(tab + 1), line.slice(0, tab));
  }
  return files;
}

async function manifestOf(origin: GitOrigin): Promise<Map<string, string> | undefined> {
  const r = await execa("git", ["-C", origin.clone, "ls-tree", "-r", "-z", "--full-tree", origin.commit], { reject: false });
  return r.exitCode === 0 ? parseEntries(r.stdout.split("\0")) : undefined;
}

/** The HOLDS file: the commit, then the manifest in ls-tree's own line form. */
function formatHolds(commit: string, files: Map<string, string>): string {
  return [commit, ...[...files].map(([path, id]) => `${id}\t${path}`)].join("\n");
}

async function readHolds(dir: string): Promise<{ commit: string; files: Map<string, string> } | undefined> {
  const file = join(dir, HOLDS);
  if (!existsSync(file)) return undefined;
  const [commit = "", ...lines] = (await readFile(file, "utf8")).split("\n");
  return commit ? { commit, files: parseEntries(lines) } : undefined;
}

/** Paths to replace (new or different blob or mode) and to delete, from what the tree holds to what the commit has. */
export function manifestChanges(held: Map<string, string>, wanted: Map<string, string>): { replace: string[]; remove: string[] } {
  return {
    replace: [...wanted].filter(([path, id]) => held.get(path) !== id).map(([path]) => path),
    remove: [...held.keys()].filter((path) => !wanted.has(path)),
  };
}

/** A changed file copied fresh (its mtime now, newer than its objects), or a changed symlink made again. */
async function place(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  // recursive: where the commit has a file, the tree may hold a directory of that name.
  await rm(to, { recursive: true, force: true });
  if ((await lstat(from)).isSymbolicLink()) await symlink(await readlink(from), to);
  else await copyFile(from, to);
}

async function fillClean(dir: string, exportDir: string, holds: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dirname(dir), { recursive: true });
  // Relative symlinks (compel's include tree has them) stay as they are, not pointed at the export.
  await cp(exportDir, dir, { recursive: true, verbatimSymlinks: true });
  await writeFile(join(dir, HOLDS), holds);
}

/** Trees of the one-per-clone layout before manifests (a bare 16-digit key): unused now, removed when free. */
async function removeOldLayoutTrees(): Promise<void> {
  const root = cacheDir("build-trees");
  for (const name of await readdir(root).catch(() => [])) {
    if (!/^[0-9a-f]{16}$/.test(name)) continue;
    const lock = await tryLockFile(join(root, `${name}.lock`));
    if (!lock) continue;
    await rm(join(root, name), { recursive: true, force: true });
    await rm(join(root, `${name}.lock`), { force: true });
    await lock.release();
  }
}

/** The first kept tree of this builder that no other build holds, locked until disposed. */
async function freeTree(builderImage: string): Promise<{ dir: string; lock: HeldLock } | undefined> {
  for (const dir of treeDirs(builderImage)) {
    await mkdir(dirname(dir), { recursive: true });
    const lock = await tryLockFile(`${dir}.lock`);
    if (lock) return { dir, lock };
  }
  return undefined;
}

/**
 * The tree for this commit: a kept one brought from what it holds (files whose blob differs copied
 * fresh, so make sees them newer than their objects; files the commit lacks removed), or a clean
 * copy of the export. Held exclusively until disposed; busy trees are not waited for.
 */
export async function buildTree(builderImage: string, origin: GitOrigin, exportDir: string): Promise<BuildTree | undefined> {
  const wanted = await manifestOf(origin);
  if (!wanted) return undefined;
  const free = await freeTree(builderImage);
  if (!free) return undefined;
  const { dir, lock } = free;
  await removeOldLayoutTrees();
  const holds = formatHolds(origin.commit, wanted);
  const held = await readHolds(dir);
  let how = "clean";
  let replaced: string[] = [];
  if (held) {
    const { replace, remove } = manifestChanges(held.files, wanted);
    replaced = replace;
    // Gone first: a half-brought tree must never pass for what it held.
    await rm(join(dir, HOLDS), { force: true });
    for (const path of remove) await rm(join(dir, path), { force: true });
    // A path git archive left out (export-ignore) is not in the export: not in the tree either.
    for (const path of replace) {
      if (await lstat(join(exportDir, path)).catch(() => undefined)) await place(join(exportDir, path), join(dir, path));
      else await rm(join(dir, path), { force: true });
    }
    await writeFile(join(dir, HOLDS), holds);
    how = `incremental from ${held.commit.slice(0, 12)} (${replace.length + remove.length} file(s) changed)`;
  } else {
    await fillClean(dir, exportDir, holds);
  }
  log("build tree %s: %s", dir, how);
  return {
    dir,
    how,
    replaced: new Set(replaced),
    reset: (again) => fillClean(dir, again, holds),
    [Symbol.asyncDispose]: () => lock.release(),
  };
}

/** gcc's "path:line:col: error:" (and "#error") naming a file of the tree, relative to it. */
const COMPILER_ERROR = /^(?:\/build\/)?([^\s:][^:]*):\d+(?::\d+)?: (?:fatal )?error: /;

/**
 * Whether an incremental build's failure is the commit's own: the compiler rejects a file this
 * update copied in fresh, which a clean tree would compile just the same. Anything else (a missing
 * rule, a link error, a file the update did not touch) may be the kept tree's stale state.
 */
export function failsInReplacedFile(buildLog: string, replaced: ReadonlySet<string>): string | undefined {
  for (const line of buildLog.split("\n")) {
    const file = COMPILER_ERROR.exec(line)?.[1];
    if (file && replaced.has(file.replace(/^\.\//, ""))) return file;
  }
  return undefined;
}
