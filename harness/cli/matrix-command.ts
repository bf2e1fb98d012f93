// `criu-lab matrix`: every selected scenario x CRIU version x kernel (or one shard of them), results in results/<run>.
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { cacheBudget } from "../caches/cache-budget.js";
import { sweepRunSync } from "../executors/sweep.js";
import { ensureEngine } from "../host/docker-engine.js";
import { killDescendants } from "../host/kill-descendants.js";
import { configureTestcontainers } from "../host/testcontainers-env.js";
import { currentRunId, ownerPid } from "../platform/labels.js";
import { ensureUserImage } from "../images/user-base/user-image.js";
import { BAD_OUTCOMES } from "../results/outcome.js";
import { ResultsReporter } from "../results/results-reporter.js";
import { PROJECT_ROOT } from "../scenario/programs-dir.js";
import { scenarioFile } from "../scenario/select-scenarios.js";
import { compareCommand } from "./compare-command.js";
import { longestFirst, scenarioWeights } from "./longest-first.js";
import { parseMatrixOptions } from "./matrix-options.js";
import { duration, ProgressReporter } from "./progress-reporter.js";



export async function matrixCommand(argv: string[]): Promise<number> {
  // Inputs first: a typo must not cost an image build.
  const options = await parseMatrixOptions(argv);
  cacheBudget();
  const runId = currentRunId();
  ownerPid();
  configureTestcontainers();
  await ensureEngine();
  if (options.base) await ensureUserImage(options.base);

  const root = options.resultsRoot;
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\ncriu-lab: ${signal}: removing this run's containers; the cells done so far stay in ${join(root, runId)}\n`);
    killDescendants();
    sweepRunSync(runId);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const cells = options.cells ?? options.matrix.cells;
  // A shard may hold no cell of some scenario: vitest must not load a file with no test.
  const files = options.scenarios.filter((s) => !options.cells || cells.some((id) => id.startsWith(`${s}@`)));
  const results = new ResultsReporter(root, runId);
  const { startVitest } = await import("vitest/node");
  const shard = options.shard ? `, shard ${options.shard.index}/${options.shard.count}` : "";
  process.stderr.write(`criu-lab: run ${runId}: ${cells.length} cells${shard} (${options.scenarios.length} scenario(s) x CRIU ${options.matrix.versions.join(", ")} x kernel ${options.matrix.kernels.join(", ")}${options.repeat > 1 ? `, ${options.repeat} repeats each` : ""})\n`);
  const started = Date.now();
  const { durations, ...runOptions } = options;
  // No more workers than files: each loads the harness, a CPU-second or more on this host.
  const workers = Math.max(1, Math.min(files.length, options.parallel + 1));
  const vitest = await startVitest("test", files.map((s) => relative(PROJECT_ROOT, scenarioFile(s))), {
    project: "scenarios",
    watch: false,
    root: PROJECT_ROOT,
    reporters: [new ProgressReporter({ total: cells.length }), results],
    provide: { criuLabOptions: runOptions },
    // Files run side by side, more of them than there are slots: a file waiting on its slowest cell
    // never leaves a slot idle (the slots cap the real work). Long files first.
    maxWorkers: workers,
    // One worker process runs file after file: a new process per file loaded testcontainers and the
    // whole harness again, most of the harness's own CPU on a 2-core host (README, "Benchmark"). As many
    // workers at least as at most: below that, tinypool ends an idle worker and that rejected the
    // tasks of the others ("Terminating worker thread"), losing their cells.
    isolate: false,
    minWorkers: workers,
    sequence: { sequencer: longestFirst(durations ? scenarioWeights(durations) : new Map()) },
  });
  await vitest.close();
  // A worker that outlived close (seen after a worker crash) must not go on using the cores.
  killDescendants();
  sweepRunSync(runId);
  if (results.writeError) throw results.writeError;

  const done = results.store.list();
  if (done.length === 0) {
    process.stderr.write("criu-lab: no cell ran; see the errors above (DEBUG=criu-lab* shows each step)\n");
    return 2;
  }
  process.stdout.write(await readFile(join(results.store.dir, "summary.md"), "utf8"));
  const shown = (p: string) => relative(process.cwd(), p) || ".";
  process.stdout.write(`\nresults: ${shown(results.store.dir)} (also ${shown(join(root, "latest"))}); ${done.length} cells in ${duration(Date.now() - started)}\n`);
  const asExpected = !done.some((c) => BAD_OUTCOMES.includes(c.outcome)) && done.length === cells.length;
  if (done.length !== cells.length) process.stderr.write(`criu-lab: ${cells.length - done.length} of ${cells.length} planned cells have no result\n`);
  if (!options.baseline) return asExpected ? 0 : 1;
  const compared = await compareCommand([options.baseline, results.store.dir, "--out", results.store.dir]);
  return asExpected && compared === 0 ? 0 : 1;
}
