// `criu-lab compare A B`: what changed from run A (the baseline) to run B; exit 1 on a regression.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { InputError } from "../platform/errors.js";
import { compareRuns, hasRegression } from "../results/compare/compare-runs.js";
import { renderCompareMd } from "../results/compare/compare-md.js";
import { renderCompareReport } from "../results/html/compare-report.js";
import { readCellFiles, readRunSummary, runDirOfPath } from "../results/read-run.js";


/** A run's cells in full where its cell files are there (for error lines), else from summary.json. */
async function cellsOf(path: string) {
  const summary = await readRunSummary(path);
  const full = await readCellFiles(runDirOfPath(path));
  return { runId: summary.runId, cells: full.length >= summary.cells.length ? full : summary.cells };
}

export async function compareCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: "string" } }, strict: true });
  if (positionals.length !== 2) throw new InputError(`compare takes two runs, got ${positionals.length}`, { hint: "criu-lab compare results/<baseline-run> results/<new-run>" });
  const [a, b] = [await cellsOf(positionals[0]!), await cellsOf(positionals[1]!)];
  const comparison = compareRuns({ baseline: a.runId, current: b.runId, before: a.cells, after: b.cells });
  const out = values.out ?? runDirOfPath(positionals[1]!);
  const md = renderCompareMd(comparison);
  await writeFileAtomic(join(out, "compare.md"), md);
  await writeFileAtomic(join(out, "compare.json"), `${JSON.stringify(comparison, null, 2)}\n`);
  await writeFileAtomic(join(out, "compare.html"), renderCompareReport(comparison));
  process.stdout.write(`${md}\ncompare: ${join(out, "compare.md")}, compare.json and compare.html\n`);
  return hasRegression(comparison) ? 1 : 0;
}
