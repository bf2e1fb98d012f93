// What a run says about where it ran and what it was asked: written once as run.json, read by the
// reporters, by merge (which refuses shards of different matrices) and by compare.
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** The whole matrix a run belongs to: shards of one matrix have the same. */
export interface MatrixInfo {
  versions: string[];
  kernels: string[];
  scenarios: string[];
  /** criu-lab's own sources, hashed: shards made by different code do not merge. */
  revision: string;
  repeat: number;
  /** Every cell id of the whole matrix. */
  cells: string[];
}

/** This run is one part of a split matrix. */
export interface ShardInfo {
  index: number;
  count: number;
  /** The cell ids this shard was given. */
  cells: string[];
}

export interface RunInfo {
  runId: string;
  startedAt: string;
  kernel: string;
  engine: string;
  securityProfile: string;
  /** The kernel axis: what each named kernel was and how its VMs came up. */
  kernels?: { name: string; release: string; describe: string; accel?: string; accelWhy?: string; unavailable?: string; bootMs?: Record<string, number> }[];
  matrix?: MatrixInfo;
  shard?: ShardInfo;
  /** A merged run: the shard runs it was made from. */
  mergedFrom?: string[];
}

export const RUN_INFO_FILE = "run.json";

export async function readRunInfo(runDir: string, runId: string): Promise<RunInfo> {
  try {
    return JSON.parse(await readFile(join(runDir, RUN_INFO_FILE), "utf8")) as RunInfo;
  } catch {
    return { runId, startedAt: new Date().toISOString(), kernel: "unknown", engine: "unknown", securityProfile: "unknown" };
  }
}
