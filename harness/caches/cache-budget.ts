// The cache budget applied at the start of every run: CRIU_LAB_CACHE_KEEP_SIZE (default 20G; "off":
// never prune). A run prunes once its own entries are made and in use, so it never removes them.
import { DEFAULT_KEEP_SIZE, formatSize, parseSize } from "./size-text.js";
import { collectGarbage, type GcReport } from "./collect-garbage.js";

export { DEFAULT_KEEP_SIZE };

/** The budget in bytes, undefined when pruning is off; a bad value is an InputError naming the variable. */
export function cacheBudget(): number | undefined {
  const text = process.env.CRIU_LAB_CACHE_KEEP_SIZE ?? DEFAULT_KEEP_SIZE;
  return text.trim() === "off" ? undefined : parseSize("CRIU_LAB_CACHE_KEEP_SIZE", text);
}

/** One line for the run's log, or nothing when there was nothing to do. */
export function describePrune(r: GcReport): string | undefined {
  const total = (s: GcReport["before"]) => Object.values(s).reduce((sum, k) => sum + k.bytes, 0);
  const freed = r.removed.reduce((s, i) => s + i.bytes, 0) + r.leftovers.reduce((s, l) => s + l.bytes, 0);
  if (r.removed.length === 0 && r.leftovers.length === 0 && r.inUse.length === 0) return undefined;
  const parts = [
    r.removed.length > 0 ? `removed ${r.removed.length} least recently used (${r.removed.map((i) => `${i.kind} ${i.name}`).join(", ")})` : "",
    r.leftovers.length > 0 ? `removed ${r.leftovers.length} leftover(s) of killed runs` : "",
    r.inUse.length > 0 ? `kept ${r.inUse.length} in use by a live run` : "",
  ].filter(Boolean);
  return `caches ${formatSize(total(r.before))} -> ${formatSize(total(r.after))} (budget ${formatSize(r.keepBytes)}, freed ${formatSize(freed)}): ${parts.join("; ")}`;
}

export async function pruneCaches(budget = cacheBudget()): Promise<string | undefined> {
  if (budget === undefined) return undefined;
  return describePrune(await collectGarbage({ keepBytes: budget }));
}
