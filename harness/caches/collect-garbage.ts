// criu-lab's caches kept within a budget: what killed makers left is removed, then whole entries,
// least recently used first, until the caches fit. An entry a live process uses (its use lock is
// held) or makes is never removed: gc takes that lock exclusive first, and skips it when it cannot.
import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { cacheDir } from "../platform/cache-dir.js";
import { claimUnused, entryLockPath, CACHE_KINDS } from "../platform/cache-entry.js";
import { tryLockFile } from "../platform/file-lock.js";
import { folderItems, type BudgetKind, type CacheItem, type Leftover } from "./cache-items.js";
import { imageItems, removeImageTag } from "./image-items.js";

export interface GcOptions {
  /** Remove least recently used entries until the caches hold at most this many bytes. */
  keepBytes: number;
  /** Say what would go, remove nothing. */
  dryRun?: boolean;
  /** Images of this repository only (tests make their own; default: every criu-lab image). */
  imageRepository?: string;
}

export type KindSizes = Record<BudgetKind, { entries: number; bytes: number }>;

export interface GcReport {
  keepBytes: number;
  before: KindSizes;
  after: KindSizes;
  removed: Pick<CacheItem, "kind" | "name" | "bytes" | "lastUse">[];
  /** Over the budget, but a live process uses it. */
  inUse: Pick<CacheItem, "kind" | "name" | "bytes">[];
  leftovers: Leftover[];
}

export async function listCaches(options: Pick<GcOptions, "imageRepository"> = {}): Promise<{ items: CacheItem[]; leftovers: Leftover[] }> {
  const parts = await Promise.all([
    ...(["builds", "rootfs", "vm-disks", "kernels"] as const).map((k) => folderItems(k)),
    imageItems({ repository: options.imageRepository }),
  ]);
  return { items: parts.flatMap((p) => p.items), leftovers: parts.flatMap((p) => p.leftovers) };
}

export function sizesByKind(items: readonly CacheItem[]): KindSizes {
  const sizes = Object.fromEntries(CACHE_KINDS.map((k) => [k, { entries: 0, bytes: 0 }])) as KindSizes;
  for (const i of items) {
    sizes[i.kind].entries++;
    sizes[i.kind].bytes += i.bytes;
  }
  return sizes;
}

async function removeItem(item: CacheItem): Promise<boolean> {
  if (item.kind === "images") return removeImageTag(item.name);
  for (const p of item.paths) await rm(p, { recursive: true, force: true });
  return true;
}

async function removeLeftover(l: Leftover): Promise<void> {
  if (l.kind === "images") await removeImageTag(l.path);
  else await rm(l.path, { recursive: true, force: true });
}

/** Lock files of runs that ended (a VM's lock lives as long as its run): removed when nobody holds them. */
async function removeIdleRunLocks(): Promise<void> {
  const dir = cacheDir("locks", "runs");
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    await using held = await tryLockFile(join(dir, name));
    if (held) await rm(join(dir, name), { force: true });
  }
}

/** Removes one entry unless a live process uses or makes it (in a dry run: only says whether it could). */
async function removeUnlessUsed(item: CacheItem, dryRun: boolean): Promise<boolean> {
  const useLock = entryLockPath(item, "use");
  const hadLockFile = existsSync(useLock);
  await using claim = await claimUnused(item);
  if (!claim) return false;
  const removed = !dryRun && (await removeItem(item));
  // Lock files go with their entry, while we hold the lock (a waiter sees the file gone and locks anew);
  // and one gc made only to look must not pass for a use: its time is the entry's last use.
  if (removed || !hadLockFile) await rm(useLock, { force: true });
  if (removed) await rm(entryLockPath(item, "make"), { force: true });
  return removed || dryRun;
}

export async function collectGarbage(options: GcOptions): Promise<GcReport> {
  const { items, leftovers } = await listCaches(options);
  const report: GcReport = { keepBytes: options.keepBytes, before: sizesByKind(items), after: sizesByKind(items), removed: [], inUse: [], leftovers };
  if (!options.dryRun) {
    for (const l of leftovers) await removeLeftover(l);
    await removeIdleRunLocks();
  }
  let total = items.reduce((s, i) => s + i.bytes, 0);
  // Images others are built on free nothing while those stand; they go once their children have.
  for (const item of [...items].filter((i) => !i.hasChildren).sort((a, b) => a.lastUse - b.lastUse)) {
    if (total <= options.keepBytes) break;
    if (!(await removeUnlessUsed(item, options.dryRun ?? false))) {
      report.inUse.push({ kind: item.kind, name: item.name, bytes: item.bytes });
      continue;
    }
    report.removed.push({ kind: item.kind, name: item.name, bytes: item.bytes, lastUse: item.lastUse });
    total -= item.bytes;
  }
  const gone = new Set(report.removed.map((r) => `${r.kind} ${r.name}`));
  report.after = options.dryRun ? sizesByKind(items.filter((i) => !gone.has(`${i.kind} ${i.name}`))) : sizesByKind((await listCaches(options)).items);
  return report;
}
