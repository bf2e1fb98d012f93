// Copies a cell's CRIU logs next to its record, whole or not at all: they land in a staging dir and
// are renamed into place, so a disk that fills mid-copy leaves no half-written log behind.
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Executor } from "../executors/executor.js";
import { logger } from "../platform/log.js";
import type { StepRecord } from "../results/outcome.js";
import { LOG_DIR } from "./cell-state.js";

const log = logger("cell");

/** Points each CRIU step at its log file once the logs are in place; a failed copy keeps none. */
export async function keepLogs(executor: Executor, runDir: string, cellDir: string, steps: StepRecord[]): Promise<void> {
  const dir = join(runDir, cellDir);
  let staging: string | undefined;
  try {
    await mkdir(dir, { recursive: true });
    staging = await mkdtemp(join(dir, ".logs-"));
    if (!(await executor.copyOut(LOG_DIR, staging))) return;
    await rename(join(staging, "logs"), join(dir, "logs"));
  } catch (e) {
    // The record matters more than its logs: the cell goes on without them (a full disk stops the run later).
    log("logs of %s not kept: %s", cellDir, String(e));
    return;
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
  }
  for (const s of steps) if (s.argv) s.logFile = `${cellDir}/logs/${s.name}.log`;
}
