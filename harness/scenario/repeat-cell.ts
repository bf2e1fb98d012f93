// `--repeat N`: a cell run N times. Outcomes that differ make it flaky; the cell then speaks with
// its most serious run, so a flaky failure still turns CI red.
import { cellId, type CellRecord, type Outcome, type RepeatRecord } from "../results/outcome.js";
import { runCell, type CellTarget } from "./run-cell.js";

/** Most serious first: the run a repeated cell is shown as. */
const SEVERITY: readonly Outcome[] = ["harness-error", "fail", "xpass", "build-error", "xfail", "unsupported", "pass"];

export function summarizeRepeats(runs: readonly CellRecord[]): CellRecord {
  const shown = [...runs].sort((a, b) => SEVERITY.indexOf(a.outcome) - SEVERITY.indexOf(b.outcome))[0]!;
  const repeats: RepeatRecord[] = runs.map((r) => ({
    outcome: r.outcome,
    reason: r.reason,
    ms: r.ms,
    steps: r.steps.map((s) => ({ name: s.name, ms: s.ms, ...(s.stats ? { stats: s.stats } : {}) })),
  }));
  const outcomes = new Set(runs.map((r) => r.outcome));
  if (outcomes.size === 1) return { ...shown, repeats };
  const counts = [...outcomes].map((o) => `${runs.filter((r) => r.outcome === o).length} ${o}`).join(", ");
  return { ...shown, reason: `flaky (${counts} in ${runs.length} runs): ${shown.reason}`, repeats, flaky: true };
}

export async function runRepeated(target: CellTarget, times: number): Promise<CellRecord> {
  if (times <= 1) return runCell(target);
  const runs: CellRecord[] = [];
  const id = cellId({ scenario: target.scenario.name, criuVersion: target.version.version, restoreVersion: target.restoreSide?.version, kernelName: target.kernel.name });
  for (let k = 1; k <= times; k++) runs.push(await runCell({ ...target, logDir: `cells/${id}/run-${k}` }));
  return summarizeRepeats(runs);
}
