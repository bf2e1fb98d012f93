// Where the outcome changes between releases, per kernel: the last passing and first failing release
// (a regression), or the last failing and first passing one (a fix). Cells that say nothing about
// CRIU (unsupported, build-error, harness-error) are stepped over.
import semver from "semver";
import type { CellRecord } from "../results/outcome.js";

export interface ReleaseChange {
  kernelName: string;
  kind: "regression" | "fix";
  /** The last release with the old behaviour, and the first with the new. */
  last: string;
  first: string;
}

function verdict(c: CellRecord): "passes" | "fails" | undefined {
  if (c.outcome === "pass" || c.outcome === "xpass") return "passes";
  if (c.outcome === "fail" || c.outcome === "xfail") return "fails";
  return undefined;
}

/** `semverOf` gives each version label's semver (a source build's `criu --version`, distro's package). */
export function releaseChanges(cells: readonly CellRecord[], semverOf: (version: string) => string | undefined): ReleaseChange[] {
  const changes: ReleaseChange[] = [];
  for (const kernelName of [...new Set(cells.map((c) => c.kernelName))]) {
    const ordered = cells
      .filter((c) => c.kernelName === kernelName && verdict(c) && semver.valid(semverOf(c.criuVersion) ?? ""))
      .sort((a, b) => semver.compare(semverOf(a.criuVersion)!, semverOf(b.criuVersion)!));
    for (let i = 1; i < ordered.length; i++) {
      const [before, after] = [ordered[i - 1]!, ordered[i]!];
      if (verdict(before) === verdict(after)) continue;
      changes.push({ kernelName, kind: verdict(after) === "fails" ? "regression" : "fix", last: before.criuVersion, first: after.criuVersion });
    }
  }
  return changes;
}
