// Runs the real criu-lab CLI as a user would, and reads what it wrote.
import { execa, type ResultPromise } from "execa";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CellRecord } from "../../harness/results/outcome.js";

export const CLI = fileURLToPath(new URL("../../bin/criu-lab.js", import.meta.url));

/** What a run inherits and must not: a test that used the harness in-process may have set them. */
const RUN_IDENTITY = ["CRIU_LAB_RUN_ID", "CRIU_LAB_OWNER_PID"];

export function criuLab(args: string[], env: Record<string, string> = {}, detached = false): ResultPromise<{ reject: false; all: true; env: Record<string, string>; extendEnv: false; detached: boolean }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !RUN_IDENTITY.includes(e[0])));
  return execa("node", [CLI, ...args], { reject: false, all: true, env: { ...inherited, ...env }, extendEnv: false, detached });
}

export interface Summary {
  runId: string;
  kernel: string;
  complete: boolean;
  cells: CellRecord[];
}

export async function readSummary(resultsRoot: string): Promise<Summary> {
  return JSON.parse(await readFile(join(resultsRoot, "latest", "summary.json"), "utf8")) as Summary;
}

/** Container ids matching all the filters (default: every criu-lab container). */
export async function labelledContainers(...filters: string[]): Promise<string[]> {
  const all = filters.length > 0 ? filters : ["label=criu-lab"];
  const r = await execa("docker", ["ps", "-aq", ...all.flatMap((f) => ["--filter", f])], { reject: false });
  return r.stdout.split("\n").filter(Boolean);
}

/** Kernel >= 6.13 split the vvar area: CRIU before 4.1 cannot run there. */
export function kernelAtLeast(release: string, major: number, minor: number): boolean {
  const [ma = 0, mi = 0] = release.split(".").map((n) => Number.parseInt(n, 10));
  return ma > major || (ma === major && mi >= minor);
}
