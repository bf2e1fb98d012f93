// `criu-lab gc`: keeps criu-lab's caches within a budget, least recently used first, never touching
// what a live run uses; and removes what killed runs left half-made.
import { DEFAULT_KEEP_SIZE } from "../caches/cache-budget.js";
import { collectGarbage, type GcReport } from "../caches/collect-garbage.js";
import { formatSize, parseSize } from "../caches/size-text.js";
import { cacheDir } from "../platform/cache-dir.js";
import { CACHE_KINDS } from "../platform/cache-entry.js";
import { parseOptions } from "./args.js";


function table(r: GcReport): string {
  const rows = CACHE_KINDS.map((k) => `| ${k} | ${r.before[k].entries} | ${formatSize(r.before[k].bytes)} | ${r.after[k].entries} | ${formatSize(r.after[k].bytes)} |`);
  const sum = (s: GcReport["before"]) => Object.values(s).reduce((t, k) => t + k.bytes, 0);
  return ["| cache | entries before | size before | entries after | size after |", "|---|---|---|---|---|", ...rows, `| all | | ${formatSize(sum(r.before))} | | ${formatSize(sum(r.after))} |`].join("\n");
}

export async function gcCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions({ args: argv, options: { "keep-size": { type: "string" }, "dry-run": { type: "boolean" } }, strict: true, allowPositionals: false });
  const keepBytes = parseSize("--keep-size", values["keep-size"] ?? DEFAULT_KEEP_SIZE);
  const r = await collectGarbage({ keepBytes, dryRun: values["dry-run"] ?? false });
  const verb = values["dry-run"] ? "would remove" : "removed";
  process.stdout.write(`criu-lab gc: caches in ${cacheDir()} and criu-lab's Docker images, budget ${formatSize(keepBytes)}\n\n${table(r)}\n\n`);
  for (const l of r.leftovers) process.stdout.write(`${verb} leftover of a killed run: ${l.path} (${formatSize(l.bytes)})\n`);
  for (const i of r.removed) process.stdout.write(`${verb} ${i.kind} ${i.name} (${formatSize(i.bytes)}, last used ${new Date(i.lastUse).toISOString()})\n`);
  for (const i of r.inUse) process.stdout.write(`kept ${i.kind} ${i.name} (${formatSize(i.bytes)}): a running criu-lab uses it\n`);
  if (r.removed.length + r.leftovers.length + r.inUse.length === 0) process.stdout.write("nothing to remove\n");
  return 0;
}
