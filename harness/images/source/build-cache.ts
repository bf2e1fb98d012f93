// The build cache: one folder per (source tree, builder image), made under a temporary name and
// sealed last with the digests of what was built (criu, criu-ns, version), so a copy cut short
// by a killed run, or a binary truncated later, is built again instead of run. Failures are
// remembered too (<entry>.failed), written whole.
import { existsSync } from "node:fs";
import { cp, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../../platform/atomic-write.js";
import { cacheDir } from "../../platform/cache-dir.js";
import { entryLockPath, useEntry, type CacheEntryRef } from "../../platform/cache-entry.js";
import { dirIsWhole, partialPath, publish, removeDeadPartials, sealDir } from "../../platform/cache-seal.js";
import { lockFile, type HeldLock } from "../../platform/file-lock.js";

/** Written last; older entries carry it without digests and are taken as whole. */
const MARKER = "built.json";

export interface BuildEntry {
  ref: CacheEntryRef;
  /** The folder with criu, criu-ns, version, build.log, built.json. */
  dir: string;
  /** This tree failed to build in this builder: the log tail. */
  failed: string;
}

export function buildEntry(treeId: string, builderImage: string): BuildEntry {
  const name = `${treeId}-${builderImage.split(":")[1]}`;
  const dir = cacheDir("builds", name);
  return { ref: { kind: "builds", name }, dir, failed: `${dir}.failed` };
}

/**
 * Uses the entry (gc leaves it alone while this process lives) and takes its make lock: a second
 * process building the same tree waits, then finds the build made.
 */
export async function lockBuild(entry: BuildEntry): Promise<HeldLock> {
  await useEntry(entry.ref);
  return lockFile(entryLockPath(entry.ref, "make"));
}

export function buildIsWhole(entry: BuildEntry): Promise<boolean> {
  return dirIsWhole(entry.dir, { marker: MARKER });
}

/** Copies a finished build out of its work folder into the cache, sealed. */
export async function storeBuild(workDir: string, entry: BuildEntry, facts: Record<string, unknown>): Promise<void> {
  await mkdir(cacheDir("builds"), { recursive: true });
  await removeDeadPartials(entry.dir);
  const partial = partialPath(entry.dir);
  await rm(partial, { recursive: true, force: true });
  await cp(workDir, partial, { recursive: true });
  const digest = ["criu", "version", ...(existsSync(join(partial, "criu-ns")) ? ["criu-ns"] : [])];
  await sealDir(partial, { marker: MARKER, digest, meta: facts });
  await publish(partial, entry.dir);
}

export async function storeFailure(entry: BuildEntry, tail: readonly string[]): Promise<void> {
  await writeFileAtomic(entry.failed, tail.join("\n"));
}
