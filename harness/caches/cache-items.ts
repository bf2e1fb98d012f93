// What the caches hold, entry by entry: its size on disk, when a run last used it, and what to
// remove. Killed makers' leftovers (a partial entry or a stage of a dead pid) are listed apart.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { cacheDir } from "../platform/cache-dir.js";
import { entryLockPath, type CACHE_KINDS } from "../platform/cache-entry.js";
import { partialOwner } from "../platform/cache-seal.js";
import { pidAlive } from "../platform/pid-alive.js";

export type BudgetKind = (typeof CACHE_KINDS)[number];

export interface CacheItem {
  kind: BudgetKind;
  /** The entry's name: its file or folder in cacheDir(kind), or the image tag. */
  name: string;
  /** What removing it removes: paths, or (images) the tag. */
  paths: string[];
  bytes: number;
  /** When a run last used it (its use lock's time), else when it was made; ms since the epoch. */
  lastUse: number;
  /** An image other criu-lab images are built on: removing its tag frees nothing. */
  hasChildren?: boolean;
}

export interface Leftover {
  kind: BudgetKind;
  path: string;
  bytes: number;
}

/** A killed maker's leftover: <entry>.partial-<pid>, an atomic write's <file>.<pid>.<rand>.tmp, a VM disk's stage. */
export function leftoverOwner(name: string): number | undefined {
  const pid = /\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name)?.[1] ?? /^criu-lab-rootfs--(\d+)-/.exec(name)?.[1];
  return partialOwner(name) ?? (pid === undefined ? undefined : Number(pid));
}

/** Bytes on disk (sparse files count what they use), per path. */
export async function diskUsage(paths: readonly string[]): Promise<Map<string, number>> {
  if (paths.length === 0) return new Map();
  const r = await execa("du", ["-s", "-B1", "--", ...paths], { reject: false });
  return new Map(r.stdout.split("\n").filter(Boolean).map((line) => {
    const [bytes = "0", ...path] = line.split("\t");
    return [path.join("\t"), Number(bytes)];
  }));
}

/** The entry a file of the cache folder belongs to (undefined: not an entry, e.g. a kernel offer). */
function entryName(kind: BudgetKind, file: string): string | undefined {
  if (file.endsWith(".sealed")) return undefined;
  if (kind === "kernels" && !/^(debian|boot)-/.test(file)) return undefined;
  if (kind === "vm-disks" && !file.endsWith(".ext4")) return undefined;
  return kind === "builds" ? file.replace(/\.failed$/, "") : file;
}

/** Entries and leftovers of one folder kind (builds, rootfs, vm-disks, kernels). */
export async function folderItems(kind: Exclude<BudgetKind, "images">): Promise<{ items: CacheItem[]; leftovers: Leftover[] }> {
  const dir = cacheDir(kind);
  const files = existsSync(dir) ? await readdir(dir) : [];
  const usage = await diskUsage(files.map((f) => join(dir, f)));
  const bytesOf = (p: string) => usage.get(p) ?? 0;
  const leftovers: Leftover[] = [];
  const byName = new Map<string, string[]>();
  for (const f of files) {
    const owner = leftoverOwner(f);
    if (owner !== undefined) {
      if (!pidAlive(owner)) leftovers.push({ kind, path: join(dir, f), bytes: bytesOf(join(dir, f)) });
      continue;
    }
    const name = entryName(kind, f);
    if (name !== undefined) byName.set(name, [...(byName.get(name) ?? []), join(dir, f)]);
  }
  const items = await Promise.all([...byName].map(async ([name, paths]) => {
    const sealed = paths.map((p) => `${p}.sealed`).filter(existsSync);
    const all = [...paths, ...sealed];
    const used = await stat(entryLockPath({ kind, name }, "use")).catch(() => undefined);
    const made = Math.max(...(await Promise.all(paths.map(async (p) => (await stat(p)).mtimeMs))));
    return { kind, name, paths: all, bytes: all.reduce((sum, p) => sum + bytesOf(p), 0), lastUse: used?.mtimeMs ?? made };
  }));
  return { items, leftovers };
}
