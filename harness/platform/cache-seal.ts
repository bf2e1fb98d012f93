// Completion markers for cache entries: an entry is made under a temporary name, its marker is
// written last (with each file's size, and its sha256 where that is cheap), and it is renamed into
// place. An entry counts as whole only when its marker is there and its files still match it; a
// killed maker's leftover, or a file truncated later (a crash before the data reached the disk),
// counts as absent and is made again.
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { copyFile, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";
import { pidAlive } from "./pid-alive.js";

export const DEFAULT_MARKER = ".criu-lab-sealed.json";

interface FileSeal {
  size: number;
  sha256?: string;
}

interface Marker {
  /** Absent in markers written before seals recorded files: such an entry is taken as whole. */
  files?: Record<string, FileSeal>;
  [meta: string]: unknown;
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function sealOf(path: string, digest: boolean): Promise<FileSeal> {
  const { size } = await stat(path);
  return digest ? { size, sha256: await sha256Of(path) } : { size };
}

async function matches(path: string, seal: FileSeal): Promise<boolean> {
  const st = await stat(path).catch(() => undefined);
  if (!st || st.size !== seal.size) return false;
  return seal.sha256 === undefined || (await sha256Of(path)) === seal.sha256;
}

export interface DirSealOptions {
  /** The marker's name inside the folder (default .criu-lab-sealed.json). */
  marker?: string;
  /** Files (relative to the folder) whose sha256 is recorded. */
  digest?: readonly string[];
  /** Files whose size alone is recorded (large ones). */
  size?: readonly string[];
  /** Anything else the marker should carry (the recipe, the build's facts). */
  meta?: Record<string, unknown>;
}

/** Writes the folder's marker; call it last, before the folder is renamed into place. */
export async function sealDir(dir: string, options: DirSealOptions): Promise<void> {
  const files: Record<string, FileSeal> = {};
  for (const f of options.digest ?? []) files[f] = await sealOf(join(dir, f), true);
  for (const f of options.size ?? []) files[f] = await sealOf(join(dir, f), false);
  await writeFileAtomic(join(dir, options.marker ?? DEFAULT_MARKER), `${JSON.stringify({ ...options.meta, files })}\n`);
}

/** The marker's content when the folder is whole; undefined when it is absent, half-made or damaged. */
export async function readSealedDir(dir: string, options: { marker?: string } = {}): Promise<Marker | undefined> {
  const text = await readFile(join(dir, options.marker ?? DEFAULT_MARKER), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  let marker: Marker;
  try {
    marker = JSON.parse(text) as Marker;
  } catch {
    return undefined;
  }
  for (const [f, seal] of Object.entries(marker.files ?? {})) if (!(await matches(join(dir, f), seal))) return undefined;
  return marker;
}

export async function dirIsWhole(dir: string, options: { marker?: string } = {}): Promise<boolean> {
  return (await readSealedDir(dir, options)) !== undefined;
}

/** A single-file entry's marker sits beside it: <file>.sealed. */
export function fileSealPath(path: string): string {
  return `${path}.sealed`;
}

/** Records the file's size (and sha256 with digest); call it right after the file is renamed into place. */
export async function sealFile(path: string, options: { digest: boolean }): Promise<void> {
  await writeFileAtomic(fileSealPath(path), `${JSON.stringify(await sealOf(path, options.digest))}\n`);
}

/**
 * A single file is whole when it matches its seal. Files are renamed into place whole, so one with
 * no seal yet (made before seals, or its maker died between the rename and the seal) is sealed now.
 */
export async function fileIsWhole(path: string, options: { digest: boolean }): Promise<boolean> {
  if (!existsSync(path)) return false;
  const text = await readFile(fileSealPath(path), "utf8").catch(() => undefined);
  if (text === undefined) {
    await sealFile(path, options);
    return true;
  }
  try {
    return await matches(path, JSON.parse(text) as FileSeal);
  } catch {
    return false;
  }
}

/** Where an entry is made before it is renamed into place: beside it, named after this process. */
export function partialPath(final: string): string {
  return `${final}.partial-${process.pid}`;
}

/** The pid in a partial's name, for gc and for the next maker. */
export function partialOwner(name: string): number | undefined {
  const m = /\.partial-(\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** Removes what killed makers of `final` left beside it (their pid is gone). */
export async function removeDeadPartials(final: string): Promise<string[]> {
  const dir = dirname(final);
  const prefix = `${basename(final)}.partial-`;
  const names = existsSync(dir) ? (await readdir(dir)).filter((n) => n.startsWith(prefix)) : [];
  const dead = names.filter((n) => !pidAlive(partialOwner(n) ?? 0));
  for (const n of dead) await rm(join(dir, n), { recursive: true, force: true });
  return dead;
}

/** Puts a made (and sealed) partial in place of whatever half-made thing was at `final`. */
export async function publish(partial: string, final: string): Promise<void> {
  await rm(final, { recursive: true, force: true });
  await rm(fileSealPath(final), { force: true });
  await rename(partial, final);
}

/** Copies `src` into the cache as `final`: under a temporary name, renamed, then sealed. */
export async function installFile(src: string, final: string, options: { digest: boolean }): Promise<void> {
  const partial = partialPath(final);
  await copyFile(src, partial);
  await publish(partial, final);
  await sealFile(final, options);
}
