// Sizes as people write them (--keep-size 20G, 512M, 1.5T) and as criu-lab prints them.
import { InputError } from "../platform/errors.js";

/** What the caches may keep when no budget is named (gc --keep-size, CRIU_LAB_CACHE_KEEP_SIZE). */
export const DEFAULT_KEEP_SIZE = "20G";

const UNITS: Record<string, number> = { "": 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** "20G", "20GiB", "1.5T", "512m", "1000" (bytes); anything else is an InputError naming `what` and the value. */
export function parseSize(what: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = m ? Math.floor(Number(m[1]) * UNITS[m[2]!.toUpperCase()]!) : Number.NaN;
  if (!Number.isSafeInteger(bytes)) {
    throw new InputError(`${what} "${text}" is not a size`, { hint: "write a number with K, M, G or T (powers of 1024), e.g. 20G" });
  }
  return bytes;
}

export function formatSize(bytes: number): string {
  const [unit, size] = (["T", "G", "M", "K"] as const).map((u) => [u, UNITS[u]!] as const).find(([, s]) => bytes >= s) ?? ["", 1];
  return unit ? `${(bytes / size).toFixed(1)} ${unit}iB` : `${bytes} B`;
}
