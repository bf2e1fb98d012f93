// statsShell run by the host's sh on real files, parsed by parseStats: a missing or empty file is
// missing with why, never zeros.
import { execa } from "execa";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parseStats, statsShell } from "./criu-step-stats.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "criu-lab-stats-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function printed(kind: "dump" | "restore"): Promise<string> {
  return (await execa("sh", ["-c", statsShell({ kind, imagesDir: dir })], { reject: false, all: true })).all ?? "";
}

test("no stats file: missing, saying which file", async () => {
  expect(parseStats("dump", await printed("dump"))).toEqual({ kind: "dump", missing: true, why: `CRIU wrote no ${dir}/stats-dump` });
});

test("a file that is not a stats image: missing, saying why", async () => {
  await writeFile(join(dir, "stats-restore"), "not protobuf");
  const stats = parseStats("restore", await printed("restore"));
  expect(stats.missing).toBe(true);
  expect(stats.missing && stats.why).toMatch(/^stats-restore does not decode: /);
});

test("nothing printed at all (the call never ran): missing", () => {
  expect(parseStats("dump", undefined)).toMatchObject({ kind: "dump", missing: true });
});
