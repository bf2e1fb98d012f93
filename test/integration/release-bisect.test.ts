// Every release by name on a synthetic CRIU history (no upstream network): release tags resolve as
// --versions names and ranges, and bisect --releases finds the two releases around the injected
// regression (Debian's 4.2.1 package first: no build), then the commit. Three builds, counted.
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { criuLab } from "../support/cli.js";
import { makeSyntheticRepo, tagReleases, type SyntheticRepo } from "../support/synthetic-criu-repo.js";

// commits[0] is Debian's 4.2.1 source; #11 drops reset-on-fork at restore, #14 puts it back.
const TAGS = { "v4.2.1": 0, "v4.3": 10, "v4.4": 12, "v4.5": 16 };

describe("release tags of a CRIU repository", () => {
  let repo: SyntheticRepo;

  beforeAll(async () => {
    repo = await makeSyntheticRepo();
    await tagReleases(repo, TAGS);
  });

  test("criu-lab versions resolves a range to the repository's tags, and packaged names to Debian", async () => {
    const r = await criuLab(["versions", "--criu-repo", repo.dir, "--versions", ">=4.3 <4.5,4.2.1"]);
    expect(r.exitCode, r.all).toBe(0);
    const rows = r.stdout.split("\n").slice(1).filter(Boolean);
    expect(rows).toEqual([
      expect.stringMatching(/^4\.3 +tag v4\.3 \(([0-9a-f]{12})\) of .*criu-lab-synthetic-/),
      expect.stringMatching(/^4\.4 +tag v4\.4 /),
      expect.stringMatching(/^4\.2\.1 +Debian sid package/),
    ]);
    expect(rows[0]).toContain(repo.commits[10]!.slice(0, 12));
    expect(rows[1]).toContain(repo.commits[12]!.slice(0, 12));
  });

  test("an empty range is one line that lists the releases there are", async () => {
    const r = await criuLab(["versions", "--criu-repo", repo.dir, "--versions", ">=9"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^criu-lab: no CRIU release matches ">=9" \(.*releases 3\.17\.1, 4\.1\.1, 4\.2\.1, 4\.3, 4\.4, 4\.5 \(tags of /)]);
  });

  test("bisect --releases: the packaged release first, two release builds, then one commit build", async () => {
    const results = await mkdtemp(join(tmpdir(), "criu-lab-release-bisect-"));
    const r = await criuLab(["bisect", "--releases", "--criu-repo", repo.dir, "--versions", ">=4.2 <4.5", "--scenario", "sched-reset-on-fork", "--results", results]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain("between releases: last good 4.3 (pass), first bad 4.4 (fail); 3 releases run, 2 builds");
    expect(r.stdout).toContain(`first bad commit: ${repo.regression}`);
    expect(r.stdout).toMatch(/^3 builds \(2 for releases, 1 for commits\);/m);
    const dir = join(results, (await readdir(results)).find((d) => d.startsWith("bisect-"))!);
    const releases = JSON.parse(await readFile(join(dir, "releases.json"), "utf8")) as { probes: { release: string; verdict: string; built: boolean }[]; builds: number };
    expect(releases.probes.map((p) => [p.release, p.verdict, p.built])).toEqual([["4.2.1", "passes", false], ["4.4", "fails", true], ["4.3", "passes", true]]);
    const commits = JSON.parse(await readFile(join(dir, "bisect.json"), "utf8")) as { found: { commit: string }; builds: number };
    expect(commits.found.commit).toBe(repo.regression);
    expect(releases.builds + commits.builds).toBe(3);
  });

  test("one release is not a range to search: one line", async () => {
    const r = await criuLab(["bisect", "--releases", "--criu-repo", repo.dir, "--versions", "4.3", "--scenario", "sched-reset-on-fork"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual(["criu-lab: bisect --releases needs two releases or more; --versions gives 4.3"]);
  });
});
