// Reads a finished (or interrupted) run back: a run directory, or its summary.json, named by the user.
import { existsSync, statSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { InputError } from "../platform/errors.js";
import type { CellRecord } from "./outcome.js";
import type { RunInfo } from "./run-info.js";

export interface RunSummary extends RunInfo {
  complete: boolean;
  /** Steps carry name, exit code and time only (the cell files have the rest). */
  cells: CellRecord[];
}

/** The run directory a path names: the directory itself, its `latest`, or the dir of a summary.json. */
export function runDirOfPath(path: string): string {
  if (!existsSync(path)) throw new InputError(`"${path}" does not exist`, { hint: "give a run directory (results/<run-id>) or its summary.json" });
  if (statSync(path).isFile()) return dirname(path);
  if (existsSync(join(path, "summary.json"))) return path;
  if (existsSync(join(path, "latest", "summary.json"))) return join(path, "latest");
  throw new InputError(`"${path}" holds no summary.json`, { hint: "give a run directory (results/<run-id>) or its summary.json" });
}

export async function readRunSummary(path: string): Promise<RunSummary> {
  const file = statSync(path, { throwIfNoEntry: false })?.isFile() ? path : join(runDirOfPath(path), "summary.json");
  try {
    return JSON.parse(await readFile(file, "utf8")) as RunSummary;
  } catch (e) {
    throw new InputError(`${file} is not a criu-lab summary: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
}

/** The full cell records of a run directory (cells/*.json). */
export async function readCellFiles(runDir: string): Promise<CellRecord[]> {
  const dir = join(runDir, "cells");
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(dir, n), "utf8")) as CellRecord));
}

export function shownName(path: string): string {
  return basename(path) === "summary.json" ? basename(dirname(path)) : basename(path);
}
