// Each cache's size, for `criu-lab doctor`: where it lives, how many entries, how many bytes on disk.
import { cacheDir } from "../platform/cache-dir.js";
import { CACHE_KINDS } from "../platform/cache-entry.js";
import { cacheBudget } from "./cache-budget.js";
import { listCaches, sizesByKind } from "./collect-garbage.js";
import { formatSize } from "./size-text.js";

/** [row name, value] pairs: one per cache, then the total and the budget. */
export async function cacheSizeRows(): Promise<[string, string][]> {
  const { items, leftovers } = await listCaches();
  const sizes = sizesByKind(items);
  const rows: [string, string][] = CACHE_KINDS.map((k) => [
    `  ${k}`,
    `${formatSize(sizes[k].bytes)} in ${sizes[k].entries} entr${sizes[k].entries === 1 ? "y" : "ies"}${k === "images" ? " (Docker images labelled criu-lab.image)" : ` (${cacheDir(k)})`}`,
  ]);
  const total = items.reduce((s, i) => s + i.bytes, 0);
  const left = leftovers.reduce((s, l) => s + l.bytes, 0);
  let budget: string;
  try {
    const keep = cacheBudget();
    budget = keep === undefined ? "off (CRIU_LAB_CACHE_KEEP_SIZE=off)" : `${formatSize(keep)}: each run removes the least recently used entries beyond it (criu-lab gc does it now)`;
  } catch (e) {
    budget = e instanceof Error ? e.message : String(e);
  }
  return [...rows, ["  all", `${formatSize(total)}${leftovers.length > 0 ? `, and ${formatSize(left)} left by killed runs (criu-lab gc removes it)` : ""}`], ["  budget", budget]];
}
