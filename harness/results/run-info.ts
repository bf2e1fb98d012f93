// What a run says about where it ran: written once as run.json, read by the reporters.
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export interface RunInfo {
  runId: string;
  startedAt: string;
  kernel: string;
  engine: string;
  securityProfile: string;
  /** The kernel axis: what each named kernel was and how its VMs came up. */
  kernels?: { name: string; release: string; describe: string; accel?: string; accelWhy?: string; unavailable?: string; bootMs?: Record<string, number> }[];
}

export const RUN_INFO_FILE = "run.json";

export async function readRunInfo(runDir: string, runId: string): Promise<RunInfo> {
  try {
    return JSON.parse(await readFile(join(runDir, RUN_INFO_FILE), "utf8")) as RunInfo;
  } catch {
    return { runId, startedAt: new Date().toISOString(), kernel: "unknown", engine: "unknown", securityProfile: "unknown" };
  }
}
