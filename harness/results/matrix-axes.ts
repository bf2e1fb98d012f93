// The axes of a run's grid: CRIU versions in release order, kernels host first then as named.
import semver from "semver";
import type { CellRecord } from "./outcome.js";

export function versionsOf(cells: readonly Pick<CellRecord, "criuVersion">[]): string[] {
  const vs = [...new Set(cells.map((c) => c.criuVersion))];
  return vs.sort((a, b) => (semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : a.localeCompare(b)));
}

export function kernelsOf(cells: readonly Pick<CellRecord, "kernelName">[]): string[] {
  const ks = [...new Set(cells.map((c) => c.kernelName))];
  return [...ks.filter((k) => k === "host"), ...ks.filter((k) => k !== "host")];
}
