// `criu-lab bisect --releases`: first the two adjacent releases between which the scenario's verdict
// changes (Debian's packages first: they cost no build), then the commits between their tags.
import { join } from "node:path";
import semver from "semver";
import { InputError } from "../platform/errors.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { releaseCatalog } from "../images/resolve-versions.js";
import { releaseSemver } from "../images/source/release-tags.js";
import { parseVersionRequest, resolveRequests } from "../images/version-names.js";
import { describeSource, type CriuVersion } from "../images/versions.js";
import type { KernelSpec } from "../kernels/kernel-spec.js";
import type { Outcome } from "../results/outcome.js";
import type { Scenario } from "../scenario/define-scenario.js";
import { bisectCommits, commitBisectLines, vmUseText } from "./bisect-commits.js";
import { searchReleases, type Verdict } from "./release-search.js";
import { logsDirOf, runScenarioOnce, vmConsolesOf, type OnceResult } from "./run-once.js";
import { terms, type BisectMode } from "./verdict.js";
import { say } from "../platform/say.js";

export interface ReleaseBisectRequest {
  repo: string;
  /** --versions: the releases to search (default: all). */
  versions?: string[];
  scenario: Scenario;
  kernel: KernelSpec;
  /** Look for where the scenario starts to run at all (old: unsupported), not for a pass/fail change. */
  supported: boolean;
  dir: string;
  runId: string;
}

/** What a release says for the search: pass/fail, or (--supported) whether it runs at all. */
function verdictOf(outcome: Outcome, supported: boolean): Verdict {
  const ran = ["pass", "xpass", "fail", "xfail"].includes(outcome);
  if (supported) return outcome === "unsupported" ? "unsupported" : ran ? "runs" : undefined;
  return outcome === "pass" || outcome === "xpass" ? "passes" : ran ? "fails" : undefined;
}

async function releasesToSearch(req: ReleaseBisectRequest): Promise<{ releases: CriuVersion[]; tagOf: (v: CriuVersion) => string | undefined }> {
  const catalog = await releaseCatalog({ criuRepo: req.repo });
  if ("unreadable" in catalog.tags) throw new InputError(`bisect --releases needs the release tags of ${req.repo}: ${catalog.tags.unreadable}`, { hint: "pass --criu-repo with a CRIU clone" });
  const tags = new Set(catalog.tags.map((t) => t.tag));
  const releases = resolveRequests((req.versions ?? ["all"]).map(parseVersionRequest), catalog)
    .filter((v) => /^\d+\.\d+(\.\d+)?$/.test(v.version))
    .sort((a, b) => semver.compare(releaseSemver(a.version), releaseSemver(b.version)));
  if (releases.length < 2) throw new InputError(`bisect --releases needs two releases or more; --versions gives ${releases.map((v) => v.version).join(", ") || "none"}`);
  const tagOf = (v: CriuVersion) => (v.source.kind === "git" ? v.source.ref : tags.has(`v${v.version}`) ? `v${v.version}` : undefined);
  return { releases, tagOf };
}

export async function bisectReleases(req: ReleaseBisectRequest): Promise<number> {
  const started = Date.now();
  const { releases, tagOf } = await releasesToSearch(req);
  say(`bisect --releases: ${req.scenario.name} on ${req.kernel.name} over ${releases.map((v) => v.version).join(", ")}`);
  const runs = new Map<number, OnceResult>();
  const search = await searchReleases(releases.length, (i) => releases[i]!.source.kind === "debian-package", async (i) => {
    const v = releases[i]!;
    const keep = req.kernel.kind !== "host" ? { keepVms: { consolesDir: vmConsolesOf(req.dir) } } : {};
    const r = await runScenarioOnce(req.scenario, v, req.kernel, { logsDir: logsDirOf(req.dir, `release-${v.version}`), ...keep });
    runs.set(i, r);
    const verdict = verdictOf(r.outcome, req.supported);
    say(`release ${v.version} (${describeSource(v.source)}${r.built ? ", built now" : ""}): ${r.outcome} -> ${verdict ?? "cannot tell"} (${(r.ms / 1000).toFixed(1)} s)${r.outcome === "pass" ? "" : `: ${r.reason}`}`);
    return verdict;
  });
  const releaseBuilds = [...runs.values()].filter((r) => r.built).length;
  const probes = search.probed.map(({ index, verdict }) => ({ release: releases[index]!.version, source: describeSource(releases[index]!.source), verdict, ...runs.get(index)! }));
  const record = { scenario: req.scenario.name, kernel: req.kernel.name, repo: req.repo, releases: releases.map((v) => v.version), probes, ...("none" in search ? { none: search.none } : { last: releases[search.last]!.version, first: releases[search.first]!.version }), builds: releaseBuilds };
  await writeFileAtomic(join(req.dir, "releases.json"), `${JSON.stringify(record, null, 2)}\n`);
  if ("none" in search) {
    process.stdout.write(`no change between releases ${releases[0]!.version} and ${releases.at(-1)!.version}: ${search.none}\n${search.probed.length} releases run, ${releaseBuilds} builds\n`);
    return 1;
  }
  const [last, first] = [releases[search.last]!, releases[search.first]!];
  const mode: BisectMode = req.supported ? "support" : verdictOf(runs.get(search.last)!.outcome, false) === "passes" ? "regression" : "fix";
  const t = terms(mode);
  process.stdout.write(`between releases: last ${t.old} ${last.version} (${runs.get(search.last)!.outcome}), first ${t.new} ${first.version} (${runs.get(search.first)!.outcome}); ${search.probed.length} releases run, ${releaseBuilds} builds\n`);
  const [oldRef, newRef] = [tagOf(last), tagOf(first)];
  if (!oldRef || !newRef) {
    process.stdout.write(`cannot bisect the commits: ${!oldRef ? last.version : first.version} has no tag in ${req.repo}; bisect with --old/--new and two commits\n`);
    return 1;
  }
  const commits = await bisectCommits({ repo: req.repo, oldRef, newRef, scenario: req.scenario.name, mode, kernel: req.kernel, dir: req.dir, runId: req.runId });
  const wall = Math.round((Date.now() - started) / 100) / 10;
  process.stdout.write(`${commitBisectLines(commits, mode).join("\n")}\n`);
  process.stdout.write(`${releaseBuilds + commits.builds} builds (${releaseBuilds} for releases, ${commits.builds} for commits); ${search.probed.length} releases and ${commits.steps.length} commit steps run, ${wall} s${vmUseText(commits.steps)}; record: ${req.dir}\n`);
  return commits.found ? 0 : 1;
}
