// What changed between two runs of a matrix, cell by cell: regressions, fixes, new and gone cells,
// stale expectations, changed failures and (with repeats) timing beyond the noise. Pure.
import { cellId, cellLabel, type CellRecord, type Outcome } from "../outcome.js";
import { timingRegressions, type TimingChange } from "./timing.js";

export interface CellChange {
  id: string;
  label: string;
  before?: Outcome;
  after?: Outcome;
  /** The reason in the later run (or the earlier one for a cell that is gone). */
  reason: string;
  /** For a changed failure: the first CRIU error line before and after. */
  errorBefore?: string;
  errorAfter?: string;
}

export interface Comparison {
  baseline: string;
  current: string;
  /** pass or xfail before; fail, xpass, build-error or harness-error now (xfail -> xpass is a fix). */
  regressions: CellChange[];
  /** fail -> pass, xfail -> xpass. */
  fixes: CellChange[];
  added: CellChange[];
  gone: CellChange[];
  /** xpass now: an expectation's range is stale. */
  drift: CellChange[];
  /** The same failing outcome with a different first CRIU error line. */
  changedFailures: CellChange[];
  /** Any other change of outcome (e.g. pass -> unsupported). */
  otherChanges: CellChange[];
  /** Slower beyond the noise band of the repeats (cells repeated in both runs only). */
  slower: TimingChange[];
  unchanged: number;
}

const GOOD: readonly Outcome[] = ["pass", "xfail"];
const BAD: readonly Outcome[] = ["fail", "xpass", "build-error", "harness-error"];
const FAILING: readonly Outcome[] = ["fail", "xfail"];

/** The first CRIU error line of the step that stopped the cell (else its reason), numbers masked: pids and inodes differ every run. */
export function firstError(c: CellRecord): string {
  const step = c.steps.find((s) => s.error && !s.error.startsWith("allowed to fail"));
  const line = step?.errors?.[0] ?? step?.error ?? c.reason;
  return line.replace(/0x[0-9a-f]+|\d+/gi, "N");
}

function change(id: string, before: CellRecord | undefined, after: CellRecord | undefined): CellChange {
  const c = (after ?? before)!;
  return { id, label: cellLabel(c), ...(before ? { before: before.outcome } : {}), ...(after ? { after: after.outcome } : {}), reason: c.reason };
}

export function compareRuns(input: { baseline: string; current: string; before: readonly CellRecord[]; after: readonly CellRecord[] }): Comparison {
  const before = new Map(input.before.map((c) => [cellId(c), c]));
  const after = new Map(input.after.map((c) => [cellId(c), c]));
  const out: Comparison = { baseline: input.baseline, current: input.current, regressions: [], fixes: [], added: [], gone: [], drift: [], changedFailures: [], otherChanges: [], slower: [], unchanged: 0 };
  for (const [id, a] of before) if (!after.has(id)) out.gone.push(change(id, a, undefined));
  for (const [id, b] of [...after].sort(([x], [y]) => x.localeCompare(y))) {
    const a = before.get(id);
    if (b.outcome === "xpass") out.drift.push(change(id, a, b));
    if (!a) {
      out.added.push(change(id, undefined, b));
      continue;
    }
    // xfail -> xpass is the known bug fixed (and the expectation stale: drift), not a regression.
    if ((a.outcome === "fail" && b.outcome === "pass") || (a.outcome === "xfail" && b.outcome === "xpass")) out.fixes.push(change(id, a, b));
    else if (GOOD.includes(a.outcome) && BAD.includes(b.outcome)) out.regressions.push(change(id, a, b));
    else if (a.outcome === b.outcome && FAILING.includes(b.outcome) && firstError(a) !== firstError(b)) {
      out.changedFailures.push({ ...change(id, a, b), errorBefore: firstError(a), errorAfter: firstError(b) });
    } else if (a.outcome !== b.outcome) out.otherChanges.push(change(id, a, b));
    else out.unchanged++;
    out.slower.push(...timingRegressions(id, cellLabel(b), a, b));
  }
  out.gone.sort((x, y) => x.id.localeCompare(y.id));
  return out;
}

/** compare's exit code: 1 on any regression (outcome, or timing beyond the noise band). */
export function hasRegression(c: Comparison): boolean {
  return c.regressions.length > 0 || c.slower.length > 0;
}
