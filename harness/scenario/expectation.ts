// Which of a scenario's expectations applies to a cell (CRIU version, restore version, kernel), and how it is recorded.
import semver from "semver";
import type { ExpectationRecord } from "../results/outcome.js";
import type { Expectation, Scenario } from "./define-scenario.js";
import { kernelSemver } from "../kernels/kernel-spec.js";

const DEFAULT_PASS: Expectation = { criu: "*", outcome: "pass" };

function satisfies(version: string | undefined, range: string | undefined): boolean {
  if (range === undefined || version === undefined) return true;
  const v = semver.coerce(version);
  return v !== null && semver.satisfies(v, range, { includePrerelease: true });
}

export interface CellVersions {
  /** The CRIU version that runs the cell (in a cross-version cell: the dumping one). */
  criu: string;
  /** Cross-version cells: the restoring CRIU version. */
  restoreCriu?: string;
  /** The kernel release the cell runs on. */
  kernel?: string;
}

/** The first expectation whose CRIU range (and restore range, and kernel range) the cell falls in. */
export function expectationFor(scenario: Scenario, cell: CellVersions): Expectation {
  if (!semver.coerce(cell.criu)) return DEFAULT_PASS;
  const kernel = cell.kernel ? kernelSemver(cell.kernel) : undefined;
  return scenario.expectations.find((e) => satisfies(cell.criu, e.criu) && satisfies(cell.restoreCriu, e.restoreCriu) && satisfies(kernel, e.kernel)) ?? DEFAULT_PASS;
}

export function expectationRecord(e: Expectation): ExpectationRecord {
  const range = e.restoreCriu ? `${e.criu} -> ${e.restoreCriu}` : e.criu;
  const kernel = e.kernel ? { kernel: e.kernel } : {};
  if (e.outcome === "unsupported") return { outcome: "unsupported", range, ...kernel, ...(e.ref ? { ref: e.ref } : {}), reason: e.reason };
  if (e.outcome === "xfail") return { outcome: "xfail", range, ...kernel, ...(e.ref ? { ref: e.ref } : { known: e.known }) };
  return { outcome: "pass", range, ...kernel };
}
