// `criu-lab merge`: one run directory from the shard runs of one matrix, the same as if one machine
// had run it. Shards of different plans, missing shards and missing or doubled cells are refused.
import { existsSync } from "node:fs";
import { cp, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { InputError } from "../platform/errors.js";
import { cellId, type CellRecord } from "./outcome.js";
import { readCellFiles, runDirOfPath } from "./read-run.js";
import { readRunInfo, RUN_INFO_FILE, type MatrixInfo, type RunInfo } from "./run-info.js";
import { RunStore } from "./run-store.js";

export interface ShardRun {
  dir: string;
  info: RunInfo;
  cells: CellRecord[];
}

const PLAN_FIELDS: (keyof MatrixInfo)[] = ["revision", "versions", "kernels", "scenarios", "repeat", "cells"];

function listed(ids: readonly string[]): string {
  return ids.length <= 4 ? ids.join(", ") : `${ids.slice(0, 4).join(", ")} and ${ids.length - 4} more`;
}

/** Throws a one-line InputError naming what does not fit; pure. */
export function checkShards(shards: readonly ShardRun[]): void {
  const name = (s: ShardRun) => basename(s.dir);
  const notShard = shards.find((s) => !s.info.shard || !s.info.matrix);
  if (notShard) throw new InputError(`${name(notShard)} is not a shard run (made without --shard)`, { hint: "merge the run directories that `criu-lab matrix --shard I/N` wrote" });
  const first = shards[0]!;
  for (const s of shards.slice(1)) {
    const field = PLAN_FIELDS.find((f) => JSON.stringify(s.info.matrix![f]) !== JSON.stringify(first.info.matrix![f]));
    const value = (x: ShardRun) => (field === "cells" ? `${x.info.matrix!.cells.length} cells` : String(x.info.matrix![field!]));
    if (field) throw new InputError(`${name(first)} and ${name(s)} are shards of different plans: ${field === "revision" ? "criu-lab revision" : field} ${value(first)} vs ${value(s)}`);
    if (s.info.shard!.count !== first.info.shard!.count) throw new InputError(`${name(first)} is a shard of ${first.info.shard!.count}, ${name(s)} of ${s.info.shard!.count}`);
  }
  const count = first.info.shard!.count;
  for (let i = 1; i <= count; i++) {
    const given = shards.filter((s) => s.info.shard!.index === i);
    if (given.length === 0) throw new InputError(`shard ${i}/${count} is missing`, { hint: `give all ${count} shard directories` });
    if (given.length > 1) throw new InputError(`shard ${i}/${count} is given twice: ${given.map(name).join(", ")}`);
  }
  const seen = new Map<string, string>();
  for (const s of shards) {
    for (const c of s.cells) {
      const id = cellId(c);
      const other = seen.get(id);
      if (other) throw new InputError(`cell ${id} is in both ${other} and ${name(s)}`);
      seen.set(id, name(s));
    }
  }
  const missing = first.info.matrix!.cells.filter((id) => !seen.has(id));
  if (missing.length > 0) throw new InputError(`${missing.length} cell(s) of the matrix are in no shard: ${listed(missing)}`, { hint: "a shard was interrupted; run it again" });
  const extra = [...seen.keys()].filter((id) => !first.info.matrix!.cells.includes(id));
  if (extra.length > 0) throw new InputError(`${extra.length} cell(s) are not in the matrix: ${listed(extra)}`);
}

export async function readShard(path: string): Promise<ShardRun> {
  const dir = runDirOfPath(path);
  if (!existsSync(join(dir, RUN_INFO_FILE))) throw new InputError(`${dir} has no ${RUN_INFO_FILE}`, { hint: "give run directories written by criu-lab matrix --shard" });
  return { dir, info: await readRunInfo(dir, basename(dir)), cells: await readCellFiles(dir) };
}

/** Runs of different plans put side by side (batches of versions, say): only no cell may be in two. */
export function checkDisjoint(runs: readonly ShardRun[]): void {
  const seen = new Map<string, string>();
  for (const r of runs) {
    for (const c of r.cells) {
      const other = seen.get(cellId(c));
      if (other) throw new InputError(`cell ${cellId(c)} is in both ${other} and ${basename(r.dir)}`, { hint: "runs put together with --runs must not share a cell" });
      seen.set(cellId(c), basename(r.dir));
    }
  }
}

/**
 * Writes the merged run as root/<runId> (and root/latest); returns its directory. Shards must make
 * up one matrix; with `anyRuns`, any runs whose cells do not overlap are put together as they are.
 */
export async function mergeShards(shards: readonly ShardRun[], target: { root: string; runId: string; anyRuns?: boolean }): Promise<string> {
  if (target.anyRuns) checkDisjoint(shards);
  else checkShards(shards);
  const store = new RunStore(target.root, target.runId);
  await store.open();
  const first = [...shards].sort((a, b) => a.info.startedAt.localeCompare(b.info.startedAt))[0]!;
  const { shard: _shard, ...info } = first.info;
  const merged: RunInfo = { ...info, runId: target.runId, mergedFrom: shards.map((s) => s.info.runId) };
  await writeFileAtomic(join(store.dir, RUN_INFO_FILE), `${JSON.stringify(merged, null, 2)}\n`);
  for (const s of shards) {
    // Each cell's logs (cells/<id>/) and the VMs' consoles come along; the cell records are rewritten.
    for (const entry of existsSync(join(s.dir, "cells")) ? await readdir(join(s.dir, "cells"), { withFileTypes: true }) : []) {
      if (entry.isDirectory()) await cp(join(s.dir, "cells", entry.name), join(store.dir, "cells", entry.name), { recursive: true });
    }
    if (existsSync(join(s.dir, "vms"))) await cp(join(s.dir, "vms"), join(store.dir, "vms"), { recursive: true });
  }
  await store.addMany(shards.flatMap((s) => s.cells));
  await store.finish();
  return store.dir;
}
