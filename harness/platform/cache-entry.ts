// One cache entry (a rootfs, an image, a build, a kernel, a VM disk) shared by every criu-lab process
// on the host. A process that uses an entry holds its "use" lock (shared) until it exits, so gc,
// which takes it exclusive, never removes what a live run uses; and one process at a time makes a
// missing entry, under its "make" lock, while the others wait and then take what it made.
import { utimes, writeFile } from "node:fs/promises";
import { cacheDir } from "./cache-dir.js";
import { contentKey } from "./content-key.js";
import { holdUntilExit, tryLockFile, withFileLock, type HeldLock } from "./file-lock.js";

/** The caches gc knows; each is a folder of cacheDir() (images: Docker images labelled criu-lab.image). */
export const CACHE_KINDS = ["builds", "rootfs", "vm-disks", "kernels", "images"] as const;
export type CacheKind = (typeof CACHE_KINDS)[number] | "deb-src" | "git";

export interface CacheEntryRef {
  kind: CacheKind;
  /** The entry's file or folder name in cacheDir(kind), or the image tag. */
  name: string;
}

/** A name safe as a file name: an image tag's "/" and ":" go, with a short key so names stay apart. */
function fileName(name: string): string {
  const safe = name.replace(/[^\w.-]/g, "_");
  return safe === name ? name : `${safe}-${contentKey(name, 6)}`;
}

/** Where an entry's locks live: cacheDir("locks", kind). Lock files may be removed when nobody holds them. */
export function entryLockPath(entry: CacheEntryRef, what: "use" | "make"): string {
  return cacheDir("locks", entry.kind, `${fileName(entry.name)}.${what}`);
}

/** This process uses the entry until it exits: gc leaves it alone. Also records the time of last use. */
export async function useEntry(entry: CacheEntryRef): Promise<void> {
  const path = entryLockPath(entry, "use");
  await holdUntilExit(path, { mode: "shared" });
  const now = new Date();
  await utimes(path, now, now).catch(() => writeFile(path, "", { flag: "a" }));
}

export interface EntrySteps {
  /** True when the entry is there and whole (its completion marker, digests, or the image exists). */
  isWhole(): Promise<boolean>;
  /** Makes it whole; called under the make lock, at most one process at a time. */
  make(): Promise<void>;
}

/** Uses the entry, making it first if it is absent or half-made. Returns true when it was made now. */
export async function ensureEntry(entry: CacheEntryRef, steps: EntrySteps): Promise<boolean> {
  await useEntry(entry);
  if (await steps.isWhole()) return false;
  return withFileLock(entryLockPath(entry, "make"), async () => {
    // Another process may have made it while we waited for the lock.
    if (await steps.isWhole()) return false;
    await steps.make();
    return true;
  });
}

/** For gc: the entry's use lock, exclusive, if no process uses (or makes) it now; undefined otherwise. */
export function claimUnused(entry: CacheEntryRef): Promise<HeldLock | undefined> {
  return tryLockFile(entryLockPath(entry, "use"), { mode: "exclusive" });
}
