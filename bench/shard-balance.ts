// Benchmark (not a test): the default matrix split in N shards, run one after the other on this
// machine as N CI machines would run them side by side. Prints each shard's wall time and the
// slowest / fastest ratio, by count and (given an earlier run) by that run's cell times.
// usage: npm run bench:shards [-- N [EARLIER_RUN] [-- matrix options...]]
import { execa } from "execa";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readRunSummary } from "../harness/results/read-run.js";

const cli = fileURLToPath(new URL("../bin/criu-lab.js", import.meta.url));
const [count = "2", earlier, ...matrixArgs] = process.argv.slice(2);

async function runShards(label: string, extra: string[]): Promise<string[]> {
  const lines: string[] = [];
  const times: number[] = [];
  for (let i = 1; i <= Number(count); i++) {
    const root = await mkdtemp(join(tmpdir(), "criu-lab-shard-"));
    const started = Date.now();
    const r = await execa("node", [cli, "matrix", "--shard", `${i}/${count}`, ...extra, ...matrixArgs, "--results", root], { reject: false, all: true });
    const ms = Date.now() - started;
    if (r.exitCode !== 0) throw new Error(`shard ${i}/${count} exited ${r.exitCode}:\n${r.all?.slice(-2000)}`);
    const cells = (await readRunSummary(join(root, "latest"))).cells.length;
    times.push(ms);
    lines.push(`  shard ${i}/${count}: ${cells} cells, ${(ms / 1000).toFixed(1)} s`);
    process.stderr.write(`${label}: shard ${i}/${count} took ${(ms / 1000).toFixed(1)} s\n`);
  }
  lines.push(`  slowest / fastest: ${(Math.max(...times) / Math.min(...times)).toFixed(2)}`);
  return [`${label}:`, ...lines];
}

const out = await runShards("by count", []);
if (earlier) out.push(...(await runShards(`by the cell times of ${earlier}`, ["--durations", earlier])));
console.log(out.join("\n"));
