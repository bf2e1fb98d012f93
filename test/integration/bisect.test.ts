// Bisect for real, with no upstream network: a CRIU repository made from Debian's 4.2.1 source with
// an injected regression and a broken build. Real builds, real CRIU runs.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { criuLab } from "../support/cli.js";
import { makeSyntheticRepo, type SyntheticRepo } from "../support/synthetic-criu-repo.js";

interface BisectRecord {
  found?: { commit: string; subject: string };
  skipped: { commit: string }[];
  builds: number;
  wallSeconds: number;
}

async function bisect(repo: SyntheticRepo, results: string, ends: string[]): Promise<{ exitCode: number; all: string; record: BisectRecord }> {
  const before = new Set(await readdir(results));
  const r = await criuLab(["bisect", "--criu-repo", repo.dir, ...ends, "--scenario", "sched-reset-on-fork", "--results", results]);
  const dir = (await readdir(results)).find((d) => d.startsWith("bisect-") && !before.has(d));
  if (!dir || !existsSync(join(results, dir, "bisect.json"))) throw new Error(`no bisect record was written:\n${r.all}`);
  return { exitCode: r.exitCode ?? -1, all: r.all, record: JSON.parse(await readFile(join(results, dir, "bisect.json"), "utf8")) as BisectRecord };
}

describe("criu-lab bisect on a synthetic CRIU history", () => {
  let repo: SyntheticRepo;
  let results: string;
  let first: Awaited<ReturnType<typeof bisect>>;
  // Regression range: the import passes, change 13 (before the fix) fails.
  const regressionEnds = () => ["--good", repo.commits[0]!, "--bad", repo.commits[13]!];

  beforeAll(async () => {
    repo = await makeSyntheticRepo();
    results = await mkdtemp(join(tmpdir(), "criu-lab-bisect-"));
    first = await bisect(repo, results, regressionEnds());
  });

  test("names exactly the injected regression", () => {
    expect(first.exitCode, first.all).toBe(0);
    expect(first.record.found?.commit).toBe(repo.regression);
    expect(first.record.found?.subject).toBe("synthetic: drop reset-on-fork handling at restore");
    expect(first.all).toContain(`first bad commit: ${repo.regression}`);
  });

  test("skips the commits that do not build", () => {
    const skipped = first.record.skipped.map((s) => s.commit);
    expect(skipped.length).toBeGreaterThan(0);
    for (const c of skipped) expect(repo.broken).toContain(c);
  });

  test("a second bisect over the same range reuses every build", async () => {
    const second = await bisect(repo, results, regressionEnds());
    expect(second.record.found?.commit).toBe(repo.regression);
    expect(first.record.builds).toBeGreaterThan(0);
    expect(second.record.builds).toBe(0);
    expect(second.all).toMatch(/, 0 builds, /);
  });

  test("--fixed finds the commit that made the scenario pass again", async () => {
    const fixed = await bisect(repo, results, ["--old", repo.regression, "--new", repo.commits[16]!, "--fixed"]);
    expect(fixed.exitCode, fixed.all).toBe(0);
    expect(fixed.record.found?.commit).toBe(repo.fix);
    expect(fixed.all).toContain(`first fixed commit: ${repo.fix}`);
  });
});
