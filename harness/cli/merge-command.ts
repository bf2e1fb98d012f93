// `criu-lab merge DIR...`: one run from the shard runs of one matrix (each machine's results/<run>),
// or, with --runs, from any runs whose cells do not overlap (batches of versions run one by one).
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { currentRunId } from "../platform/labels.js";
import { InputError } from "../platform/errors.js";
import { mergeShards, readShard } from "../results/merge-runs.js";
import { BAD_OUTCOMES } from "../results/outcome.js";
import { readRunSummary } from "../results/read-run.js";


export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { results: { type: "string" }, runs: { type: "boolean" } }, strict: true });
  if (positionals.length === 0) throw new InputError("merge needs the shard run directories", { hint: "criu-lab merge shard1/results/latest shard2/results/latest" });
  const shards = await Promise.all(positionals.map(readShard));
  const root = resolve(values.results ?? process.env.CRIU_LAB_RESULTS_DIR ?? "results");
  const dir = await mergeShards(shards, { root, runId: currentRunId(), anyRuns: values.runs ?? false });
  const summary = await readRunSummary(dir);
  process.stdout.write(`merged ${shards.length} ${values.runs ? "run" : "shard"}(s), ${summary.cells.length} cells: ${relative(process.cwd(), dir) || dir}\n`);
  return summary.cells.some((c) => BAD_OUTCOMES.includes(c.outcome)) ? 1 : 0;
}
