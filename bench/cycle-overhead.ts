// Benchmark (not a test): three dump -> restore -> check -> re-dump -> re-restore -> check cycles
// (sched, pty through criu-ns, TCP) on one CRIU version, each run by criu-lab (one cell) and by a
// plain script over `docker exec` on the same image with the same program. Prints the medians, the
// ratio, criu-lab's overhead per cell and where a criu-lab cell's time goes.
// usage: npm run bench [-- ROUNDS [VERSION]]
import { execa } from "execa";
import { fileURLToPath } from "node:url";
import { sweepRunSync } from "../harness/executors/sweep.js";
import { vmSettingsFromEnv } from "../harness/executors/vm/vm-settings.js";
import { dockerRunFlags } from "../harness/host/security-profile.js";
import { labelFlags } from "../harness/platform/docker-cli.js";
import { currentRunId } from "../harness/platform/labels.js";
import type { CellTiming } from "../harness/results/outcome.js";
import { resolveVersions } from "../harness/images/resolve-versions.js";
import { prepareRun } from "../harness/scenario/prepare-run.js";
import { runCell } from "../harness/scenario/run-cell.js";
import { loadScenario } from "../harness/scenario/select-scenarios.js";

const rounds = Number(process.argv[2] ?? 5);
const version = process.argv[3] ?? "4.2.1";
const CYCLES = [
  { name: "sched", scenario: "sched-reset-on-fork", script: "plain-cycle.sh" },
  { name: "pty", scenario: "pts-redump-criu-ns", script: "plain-pty-cycle.sh" },
  { name: "TCP", scenario: "tcp-established", script: "plain-tcp-cycle.sh" },
] as const;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

process.on("exit", () => sweepRunSync(currentRunId()));
const scenarios = await Promise.all(CYCLES.map((c) => loadScenario(c.scenario)));
const plan = await prepareRun({
  versions: resolveVersions([version]),
  kernels: [{ kind: "host", name: "host" }],
  programs: scenarios.map((s) => s.program),
  parallel: 1,
  resultsRoot: "/tmp",
  vm: vmSettingsFromEnv(),
});
plan.runDir = `/tmp/criu-lab-bench-${process.pid}`;
const v = plan.versions[0]!;
if (v.state !== "ready") throw new Error(`CRIU ${version} is not ready: ${v.reason}`);

const lines: string[] = [`${rounds} rounds on CRIU ${version}, host kernel ${plan.kernel}; medians:`, "", "| cycle | criu-lab cell | plain script | ratio | overhead |", "|---|---|---|---|---|"];
const breakdowns: string[] = [];
for (const [i, cycle] of CYCLES.entries()) {
  const scenario = scenarios[i]!;
  const build = v.programs[scenario.program];
  if (!build || !("binary" in build)) throw new Error(`${scenario.program} did not compile`);
  const script = fileURLToPath(new URL(`./${cycle.script}`, import.meta.url));
  const harness: number[] = [];
  const plain: number[] = [];
  const timings: CellTiming[] = [];
  // Alternate the two, so a slow spell of the machine hits both alike.
  for (let r = 0; r < rounds; r++) {
    let t = Date.now();
    const cell = await runCell({ scenario, plan, kernel: plan.kernels[0]!, version: v });
    if (cell.outcome !== "pass") throw new Error(`criu-lab ${cycle.name} cell did not pass: ${cell.reason}`);
    harness.push(Date.now() - t);
    if (cell.timing) timings.push(cell.timing);
    t = Date.now();
    await execa(script, [v.image, build.binary, ...labelFlags("bench"), ...dockerRunFlags(plan.profile!)]);
    plain.push(Date.now() - t);
    process.stderr.write(`${cycle.name} round ${r + 1}/${rounds}: criu-lab ${harness.at(-1)} ms, plain script ${plain.at(-1)} ms\n`);
  }
  const [h, p] = [median(harness), median(plain)];
  lines.push(`| ${cycle.name} (${cycle.scenario}) | ${h} ms | ${p} ms | ${(h / p).toFixed(2)} | ${h - p} ms |`);
  const kinds = [...new Set(timings.flatMap((t) => Object.keys(t.steps)))];
  const part = (f: (t: CellTiming) => number) => `${median(timings.map(f))} ms`;
  breakdowns.push(`- ${cycle.name}: open ${part((t) => t.open)}, ${kinds.map((k) => `${k} ${part((t) => t.steps[k] ?? 0)}`).join(", ")}, logs ${part((t) => t.logs)}, remove ${part((t) => t.remove)}`);
}
console.log([...lines, "", "Where a criu-lab cell's time goes (medians, ms per cell):", ...breakdowns].join("\n"));
