// The cells of a matrix, named before anything runs: the CLI plans shards with them and the vitest
// files register exactly these, so both always agree on what a cell is.
import { cellId } from "../results/outcome.js";

export interface PlannedCell {
  id: string;
  scenario: string;
  /** The CRIU version that runs the cell (in a cross-version cell: the one that dumps). */
  version: string;
  restoreVersion?: string;
  kernel: string;
}

export interface MatrixAxes {
  versions: readonly string[];
  kernels: readonly string[];
}

/** Every (kernel, version) of one scenario; a cross-version scenario has every ordered pair instead. */
export function scenarioCells(scenario: { name: string; crossVersion?: boolean }, axes: MatrixAxes): PlannedCell[] {
  const pairs: [string, string | undefined][] = scenario.crossVersion
    ? axes.versions.flatMap((a) => axes.versions.filter((b) => b !== a).map((b): [string, string] => [a, b]))
    : axes.versions.map((v) => [v, undefined]);
  return axes.kernels.flatMap((kernel) =>
    pairs.map(([version, restoreVersion]) => ({
      id: cellId({ scenario: scenario.name, criuVersion: version, restoreVersion, kernelName: kernel }),
      scenario: scenario.name,
      version,
      ...(restoreVersion ? { restoreVersion } : {}),
      kernel,
    })),
  );
}

export function matrixCells(scenarios: readonly { name: string; crossVersion?: boolean }[], axes: MatrixAxes): PlannedCell[] {
  return scenarios.flatMap((s) => scenarioCells(s, axes));
}
