// Which criu-lab made a run: a digest of its own sources (harness, scenarios, programs, lockfile),
// so shards made by different code are never merged as one matrix.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { PROJECT_ROOT } from "./programs-dir.js";

const SOURCES = ["harness", "scenarios", "programs", "package-lock.json"];

function files(path: string): string[] {
  if (!statSync(path, { throwIfNoEntry: false })) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => files(join(path, name)));
}

export function criuLabRevision(): string {
  const hash = createHash("sha256");
  for (const file of SOURCES.flatMap((s) => files(join(PROJECT_ROOT, s)))) {
    hash.update(`${relative(PROJECT_ROOT, file)}\0`).update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}
