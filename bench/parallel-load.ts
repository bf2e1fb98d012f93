// Benchmark (not a test): the default matrix at several --parallel values on this machine. Prints
// the wall time of each and how many cells' outcomes differ from the --parallel 1 run (the aim: 0).
// usage: npm run bench:parallel [-- 1,2,4 [-- matrix options...]]
import { execa } from "execa";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cellId } from "../harness/results/outcome.js";
import { readRunSummary } from "../harness/results/read-run.js";

const cli = fileURLToPath(new URL("../bin/criu-lab.js", import.meta.url));
const [levels = "1,2,4", ...matrixArgs] = process.argv.slice(2);

const rows = ["| --parallel | wall time | cells | outcomes that differ from --parallel 1 |", "|---|---|---|---|"];
let reference: Map<string, string> | undefined;
for (const level of levels.split(",")) {
  const root = await mkdtemp(join(tmpdir(), "criu-lab-load-"));
  const started = Date.now();
  const r = await execa("node", [cli, "matrix", "--parallel", level, ...matrixArgs, "--results", root], { reject: false, all: true });
  const ms = Date.now() - started;
  const summary = await readRunSummary(join(root, "latest"));
  const outcomes = new Map(summary.cells.map((c) => [cellId(c), c.outcome]));
  reference ??= outcomes;
  const differ = [...outcomes].filter(([id, o]) => reference!.get(id) !== o).map(([id, o]) => `${id}: ${reference!.get(id)} -> ${o}`);
  rows.push(`| ${level} | ${(ms / 1000).toFixed(1)} s | ${outcomes.size} (exit ${r.exitCode}) | ${differ.length}${differ.length ? `: ${differ.join("; ")}` : ""} |`);
  process.stderr.write(`--parallel ${level}: ${(ms / 1000).toFixed(1)} s, ${differ.length} differ\n`);
}
console.log(rows.join("\n"));
