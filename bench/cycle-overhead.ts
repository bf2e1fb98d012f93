// Benchmark (not a test): the seed's dump -> restore -> check -> re-dump -> re-restore -> check cycle
// on CRIU 4.1.1, run by criu-lab (one cell) and by bench/plain-cycle.sh over `docker exec`, on the
// same image with the same program. Prints medians, the ratio and criu-lab's overhead per cell.
// usage: npm run bench [-- ROUNDS]
import { execa } from "execa";
import { fileURLToPath } from "node:url";
import { labelFlags } from "../harness/platform/docker-cli.js";
import { resolveVersions } from "../harness/images/resolve-versions.js";
import { dockerRunFlags } from "../harness/host/security-profile.js";
import { sweepRunSync } from "../harness/executors/sweep.js";
import { currentRunId } from "../harness/platform/labels.js";
import { prepareRun } from "../harness/scenario/prepare-run.js";
import { runCell } from "../harness/scenario/run-cell.js";
import { loadScenario } from "../harness/scenario/select-scenarios.js";

const rounds = Number(process.argv[2] ?? 5);
const script = fileURLToPath(new URL("./plain-cycle.sh", import.meta.url));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

process.on("exit", () => sweepRunSync(currentRunId()));
const plan = await prepareRun(resolveVersions(["4.1.1"]));
const v = plan.versions[0]!;
const build = v.programs.sched_reset_on_fork;
if (!v.image || !build || !("binary" in build)) throw new Error(`CRIU 4.1.1 is not ready: ${v.unavailable ?? "no program"}`);
const scenario = await loadScenario("sched-reset-on-fork");
plan.runDir = `/tmp/criu-lab-bench-${process.pid}`;

const harness: number[] = [];
const plain: number[] = [];
for (let i = 0; i < rounds; i++) {
  let t = Date.now();
  const cell = await runCell(scenario, plan, plan.kernels[0]!, v);
  if (cell.outcome !== "pass") throw new Error(`criu-lab cell did not pass: ${cell.reason}`);
  harness.push(Date.now() - t);
  t = Date.now();
  await execa(script, [v.image, build.binary, ...labelFlags("bench"), ...dockerRunFlags(plan.profile!)]);
  plain.push(Date.now() - t);
  process.stderr.write(`round ${i + 1}/${rounds}: criu-lab ${harness.at(-1)} ms, plain script ${plain.at(-1)} ms\n`);
}
const h = median(harness);
const p = median(plain);
console.log(`cycle (start, dump, restore, check, re-dump, re-restore, check) on CRIU 4.1.1, ${rounds} rounds, medians:`);
console.log(`  criu-lab runCell:        ${h} ms`);
console.log(`  plain docker exec script: ${p} ms`);
console.log(`  ratio criu-lab / plain:   ${(h / p).toFixed(2)}`);
console.log(`  criu-lab overhead per cell: ${h - p} ms`);
