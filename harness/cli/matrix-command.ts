// `criu-lab matrix`: every selected scenario x every selected CRIU version x every selected kernel, results in results/<run>.
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { currentRunId, ownerPid } from "../platform/labels.js";
import { sweepRunSync } from "../executors/sweep.js";
import { ensureEngine } from "../host/docker-engine.js";
import { killDescendants } from "../host/kill-descendants.js";
import { configureTestcontainers } from "../host/testcontainers-env.js";
import { resolveVersionNames } from "../images/resolve-versions.js";
import { ensureUserImage } from "../images/user-base/user-image.js";
import { parseKernelSpecs } from "../kernels/kernel-spec.js";
import { checkKernelSpec } from "../kernels/vm-kernel.js";
import { BAD_OUTCOMES } from "../results/outcome.js";
import { ResultsReporter } from "../results/results-reporter.js";
import { defaultResultsRoot } from "../results/run-store.js";
import { PROJECT_ROOT } from "../scenario/programs-dir.js";
import { scenarioFile, selectScenarios } from "../scenario/select-scenarios.js";
import { commaList } from "./args.js";
import { ProgressReporter } from "./progress-reporter.js";

export async function matrixCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      versions: { type: "string" },
      scenarios: { type: "string" },
      results: { type: "string" },
      parallel: { type: "string" },
      "criu-repo": { type: "string" },
      kernels: { type: "string" },
      base: { type: "string" },
    },
    strict: true,
  });
  // Inputs first: a typo must not cost an image build.
  const criuRepo = values["criu-repo"];
  if (criuRepo) process.env.CRIU_LAB_CRIU_REPO = criuRepo;
  if (values.base) process.env.CRIU_LAB_BASE = values.base;
  const versions = await resolveVersionNames(commaList(values.versions), { criuRepo, base: values.base });
  const scenarios = await selectScenarios(commaList(values.scenarios));
  const kernels = parseKernelSpecs(commaList(values.kernels));
  for (const k of kernels) await checkKernelSpec(k);
  process.env.CRIU_LAB_KERNELS = kernels.map((k) => k.name).join(",");
  if (values.results) process.env.CRIU_LAB_RESULTS_DIR = values.results;
  if (values.parallel) process.env.CRIU_LAB_PARALLEL = values.parallel;
  process.env.CRIU_LAB_VERSIONS = versions.map((v) => v.version).join(",");
  const runId = currentRunId();
  ownerPid();
  configureTestcontainers();
  await ensureEngine();
  if (values.base) await ensureUserImage(values.base);

  const root = defaultResultsRoot();
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\ncriu-lab: ${signal}: removing this run's containers; the cells done so far stay in ${join(root, runId)}\n`);
    killDescendants();
    sweepRunSync(runId);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const results = new ResultsReporter(root, runId);
  const { startVitest } = await import("vitest/node");
  process.stderr.write(`criu-lab: run ${runId}: ${scenarios.length} scenario(s) x CRIU ${versions.map((v) => v.version).join(", ")} x kernel ${kernels.map((k) => k.name).join(", ")}\n`);
  const vitest = await startVitest(
    "test",
    scenarios.map((s) => relative(PROJECT_ROOT, scenarioFile(s.name))),
    { project: "scenarios", watch: false, root: PROJECT_ROOT, reporters: [new ProgressReporter(), results] },
  );
  await vitest.close();
  sweepRunSync(runId);

  const cells = results.store.list();
  if (cells.length === 0) {
    process.stderr.write("criu-lab: no cell ran; see the errors above (DEBUG=criu-lab* shows each step)\n");
    return 2;
  }
  process.stdout.write(await readFile(join(results.store.dir, "summary.md"), "utf8"));
  const shown = (p: string) => relative(process.cwd(), p) || ".";
  process.stdout.write(`\nresults: ${shown(results.store.dir)} (also ${shown(join(root, "latest"))})\n`);
  return cells.some((c) => BAD_OUTCOMES.includes(c.outcome)) ? 1 : 0;
}
