// The axes of a run's grid: CRIU versions in release order, kernels host first then as named.
import semver from "semver";
import type { CellRecord } from "./outcome.js";

/** A name's release, if it says one: 4.1.1, git:v3.16.1, deb-src:4.2.1 (not git:<commit> or distro). */
function releaseOf(name: string): string | undefined {
  const m = /(?:^|[:v])(\d+\.\d+(?:\.\d+)?)$/.exec(name);
  return m ? semver.coerce(m[1])?.version : undefined;
}

/** Release order (git:v3.16.1 beside 3.16.1); names with no release after them, by name. */
export function versionsOf(cells: readonly Pick<CellRecord, "criuVersion">[]): string[] {
  const vs = [...new Set(cells.map((c) => c.criuVersion))];
  return vs.sort((a, b) => {
    const [ra, rb] = [releaseOf(a), releaseOf(b)];
    if (ra && rb && ra !== rb) return semver.compare(ra, rb);
    if (ra && !rb) return -1;
    if (rb && !ra) return 1;
    return a.localeCompare(b);
  });
}

export function kernelsOf(cells: readonly Pick<CellRecord, "kernelName">[]): string[] {
  const ks = [...new Set(cells.map((c) => c.kernelName))];
  return [...ks.filter((k) => k === "host"), ...ks.filter((k) => k !== "host")];
}
