// `criu-lab repro`: a bug report reproduced without writing a scenario. Any process (a shell command,
// a plain C file, a shell job), every CRIU version and kernel asked for, and a Markdown answer ready
// to paste into a CRIU issue; --save keeps it as a scenario and program pair.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import semver from "semver";
import { dir as tmpDir } from "tmp-promise";
import { shellLine } from "../platform/command-runner.js";
import { InputError } from "../platform/errors.js";
import { currentRunId, ownerPid } from "../platform/labels.js";
import { ensureEngine } from "../host/docker-engine.js";
import { killDescendants } from "../host/kill-descendants.js";
import { configureTestcontainers } from "../host/testcontainers-env.js";
import { resolveVersionNames } from "../images/resolve-versions.js";
import { ensureUserImage } from "../images/user-base/user-image.js";
import { parseKernelSpecs } from "../kernels/kernel-spec.js";
import { checkKernelSpec } from "../kernels/vm-kernel.js";
import { sweepRunSync } from "../executors/sweep.js";
import { defaultResultsRoot } from "../results/run-store.js";
import { programSourcePath } from "../scenario/programs-dir.js";
import { scenarioFile } from "../scenario/select-scenarios.js";
import { releaseChanges } from "./release-change.js";
import { parseReproOptions } from "./repro-options.js";
import { renderReproMarkdown } from "./repro-markdown.js";
import { writeProgram } from "./repro-program.js";
import { reproScenario, saveScenario } from "./repro-scenario.js";
import { describeSpec, programName } from "./repro-spec.js";
import { runRepro, type ReproRun } from "./run-repro.js";

/** Every cell stopped at its start (the process exited at once, or never ran): the input, in one line. */
function refuseEarlyExit(run: ReproRun): void {
  const started = run.cells.filter((c) => !(c.outcome === "harness-error" && c.reason.startsWith("start: ")));
  if (run.cells.length > 0 && started.length === 0) {
    throw new InputError(`the process did not stay up to be dumped: ${run.cells[0]!.reason.slice("start: ".length)}`, { hint: "--run must start something that keeps running (use --settle to dump sooner)" });
  }
}

export async function reproCommand(argv: string[]): Promise<number> {
  const options = parseReproOptions(argv);
  const { spec } = options;
  const saved = options.save ? { scenario: scenarioFile(options.save), program: programSourcePath(programName(spec)) } : undefined;
  for (const f of Object.values(saved ?? {})) {
    if (existsSync(f)) throw new InputError(`--save ${options.save}: ${relative(process.cwd(), f)} exists already`, { hint: "pick another name" });
  }
  // Inputs first: a typo must not cost an image build.
  const versions = await resolveVersionNames(options.versions, { criuRepo: options.criuRepo, base: options.base });
  const kernels = parseKernelSpecs(options.kernels);
  for (const k of kernels) await checkKernelSpec(k);
  if (options.results) process.env.CRIU_LAB_RESULTS_DIR = options.results;
  const runId = currentRunId();
  ownerPid();
  configureTestcontainers();
  await ensureEngine();
  if (options.base) await ensureUserImage(options.base);
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\ncriu-lab: ${signal}: removing this run's containers and VMs\n`);
    killDescendants();
    sweepRunSync(runId);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const scratch = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-repro-" });
  try {
    const source = await writeProgram(spec.process, scratch.path, programName(spec));
    const scenario = reproScenario(spec, scratch.path);
    process.stderr.write(`criu-lab: repro ${runId}: ${describeSpec(spec)}; CRIU ${versions.map((v) => v.version).join(", ")} x kernel ${kernels.map((k) => k.name).join(", ")}\n`);
    const programFile = spec.process.kind === "program" ? relative(process.cwd(), spec.process.file) : "the --run command's program";
    const run = await runRepro(scenario, versions, kernels, { programsDir: scratch.path, resultsRoot: defaultResultsRoot(), programFile });
    sweepRunSync(runId);
    refuseEarlyExit(run);
    const semverOf = (label: string) => run.plan.versions.find((v) => v.version === label)?.semver ?? label;
    const oldestFirst = run.plan.versions.map((v) => v.version).sort((a, b) => {
      const [x, y] = [semver.coerce(semverOf(a)), semver.coerce(semverOf(b))];
      return x && y && semver.compare(x, y) !== 0 ? semver.compare(x, y) : a.localeCompare(b);
    });
    const markdown = renderReproMarkdown({
      what: describeSpec(spec),
      command: `criu-lab repro ${shellLine(options.argv)}`,
      runId,
      versions: oldestFirst,
      kernels: run.plan.kernels.map((k) => ({ name: k.name, release: k.release })),
      cells: run.cells,
      changes: releaseChanges(run.cells, semverOf),
      environments: run.environments,
    });
    await writeFile(join(run.store.dir, "repro.md"), markdown);
    process.stdout.write(markdown);
    process.stderr.write(`criu-lab: results in ${relative(process.cwd(), run.store.dir) || "."} (repro.md is the block above)\n`);
    if (saved) {
      const results = run.cells.map((c) => `${c.criuVersion} on ${c.kernelName}: ${c.outcome}`).join("; ");
      await saveScenario(spec, { ...saved, source }, { command: `criu-lab repro ${shellLine(options.argv)}`, run: runId, results });
      process.stderr.write(`criu-lab: saved ${relative(process.cwd(), saved.scenario)} and ${relative(process.cwd(), saved.program)}; run it with: criu-lab matrix --scenarios ${spec.name}\n`);
    }
    return run.cells.some((c) => c.outcome === "harness-error" || c.outcome === "build-error") ? 1 : 0;
  } finally {
    await scratch.cleanup();
  }
}
