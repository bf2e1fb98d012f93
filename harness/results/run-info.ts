// What a run says about where it ran: written once as run.json, read by the reporters.
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export interface RunInfo {
  runId: string;
  startedAt: string;
  kernel: string;
  engine: string;
  securityProfile: string;
}

export const RUN_INFO_FILE = "run.json";

export async function readRunInfo(runDir: string, runId: string): Promise<RunInfo> {
  try {
    return JSON.parse(await readFile(join(runDir, RUN_INFO_FILE), "utf8")) as RunInfo;
  } catch {
    return { runId, startedAt: new Date().toISOString(), kernel: "unknown", engine: "unknown", securityProfile: "unknown" };
  }
}
