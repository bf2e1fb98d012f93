// `criu-lab bisect`: finds the commit that broke (or fixed, or made runnable) a scenario. With two
// ends it bisects their commits; with --releases (or no ends) it first finds the two releases between
// which the verdict changes, then bisects the commits between them. On a VM kernel the VMs its steps
// boot outlive each step (kept-vms.ts) and are killed here: at the end, on Ctrl-C, on an error.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "../platform/errors.js";
import { currentRunId, ownerPid } from "../platform/labels.js";
import { sweepRunSync } from "../executors/sweep.js";
import { stopKeptVms } from "../executors/vm/kept-vms.js";
import { ensureEngine } from "../host/docker-engine.js";
import { configureTestcontainers } from "../host/testcontainers-env.js";
import { UPSTREAM_CRIU } from "../images/source/git-source.js";
import { defaultResultsRoot } from "../results/run-store.js";
import { loadScenario } from "../scenario/select-scenarios.js";
import { parseKernelSpec } from "../kernels/kernel-spec.js";
import { checkKernelSpec } from "../kernels/vm-kernel.js";
import { bisectCommits, commitBisectLines, vmUseText } from "./bisect-commits.js";
import { bisectReleases } from "./release-bisect.js";
import type { BisectMode } from "./verdict.js";

export async function bisectCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      "criu-repo": { type: "string" },
      good: { type: "string" },
      bad: { type: "string" },
      old: { type: "string" },
      new: { type: "string" },
      scenario: { type: "string" },
      fixed: { type: "boolean" },
      supported: { type: "boolean" },
      releases: { type: "boolean" },
      versions: { type: "string" },
      results: { type: "string" },
      kernel: { type: "string" },
    },
    strict: true,
  });
  // A VM kernel is checked now: a series Debian lacks must not cost two builds first.
  const kernel = parseKernelSpec(values.kernel ?? "host");
  await checkKernelSpec(kernel);
  // --old/--new name the ends whatever the direction; --good/--bad read naturally for a regression.
  const oldRef = values.old ?? values.good;
  const newRef = values.new ?? values.bad;
  const releases = values.releases ?? (!oldRef && !newRef);
  if (!values.scenario || (!releases && (!oldRef || !newRef))) {
    throw new InputError("bisect needs --scenario, and either both ends (--good/--old and --bad/--new) or --releases", {
      hint: "criu-lab bisect --criu-repo PATH --releases --scenario NAME; or --good v4.0 --bad v4.1; --fixed: the old end fails and the new passes; --supported: the old end cannot run on this kernel",
    });
  }
  if (values.fixed && values.supported) throw new InputError("--fixed and --supported look for different changes: give one");
  const scenario = await loadScenario(values.scenario);
  if (values.results) process.env.CRIU_LAB_RESULTS_DIR = values.results;
  const repo = values["criu-repo"] ?? UPSTREAM_CRIU;
  const runId = currentRunId();
  // The steps (processes of their own) inherit this: what they leave, VMs kept included, is this process's.
  ownerPid();
  const dir = join(defaultResultsRoot(), `bisect-${runId}`);
  configureTestcontainers();
  await ensureEngine();
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\ncriu-lab: ${signal}: killing this bisect's VMs and containers; the steps done so far are in ${dir}\n`);
    stopKeptVms(runId);
    sweepRunSync(runId);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    if (releases) {
      return await bisectReleases({ repo, versions: values.versions?.split(",").map((s) => s.trim()).filter(Boolean), scenario, kernel, supported: values.supported ?? false, dir, runId });
    }
    const mode: BisectMode = values.supported ? "support" : values.fixed ? "fix" : "regression";
    const result = await bisectCommits({ repo, oldRef: oldRef!, newRef: newRef!, scenario: values.scenario, mode, kernel, dir, runId });
    process.stdout.write(`${commitBisectLines(result, mode).join("\n")}\n`);
    process.stdout.write(`${result.steps.length} steps, ${result.builds} builds, ${result.wallSeconds} s${vmUseText(result.steps)}; record: ${join(dir, "bisect.json")}\n`);
    return result.found ? 0 : 1;
  } finally {
    const killed = stopKeptVms(runId);
    if (killed > 0) process.stderr.write(`criu-lab: stopped the ${killed} VM(s) this bisect kept\n`);
  }
}
