// `criu-lab bisect`: finds the commit that broke (or fixed) a scenario, driving `git bisect run`
// with `criu-lab bisect-step`. Checks both ends first, reuses cached builds, writes a record.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "../platform/errors.js";
import { currentRunId } from "../platform/labels.js";
import { cacheDir } from "../platform/cache-dir.js";
import { ensureEngine } from "../host/docker-engine.js";
import { configureTestcontainers } from "../host/testcontainers-env.js";
import { describeCommit, ensureClone, resolveCommit, UPSTREAM_CRIU } from "../images/source/git-source.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { defaultResultsRoot } from "../results/run-store.js";
import { loadScenario } from "../scenario/select-scenarios.js";
import { parseKernelSpec } from "../kernels/kernel-spec.js";
import { checkKernelSpec } from "../kernels/vm-kernel.js";
import type { StepRecord } from "./bisect-step.js";
import { firstNewCommit, terms, undecided, type BisectMode } from "./verdict.js";

const CLI = new URL("../../bin/criu-lab.js", import.meta.url).pathname;

function say(line: string): void {
  process.stderr.write(`criu-lab: ${line}\n`);
}

async function readRecords(file: string): Promise<StepRecord[]> {
  if (!existsSync(file)) return [];
  return (await readFile(file, "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l) as StepRecord);
}

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
      results: { type: "string" },
      kernel: { type: "string" },
    },
    strict: true,
  });
  // A VM kernel is checked now: a series Debian lacks must not cost two builds first.
  const kernel = values.kernel ? parseKernelSpec(values.kernel) : undefined;
  if (kernel) await checkKernelSpec(kernel);
  const mode: BisectMode = values.fixed ? "fix" : "regression";
  const t = terms(mode);
  // --old/--new name the ends whatever the direction; --good/--bad read naturally for a regression.
  const oldRef = values.old ?? values.good;
  const newRef = values.new ?? values.bad;
  if (!oldRef || !newRef || !values.scenario) {
    throw new InputError("bisect needs --good (or --old), --bad (or --new) and --scenario", {
      hint: "criu-lab bisect --criu-repo PATH --good v4.0 --bad v4.1 --scenario NAME; with --fixed, --old fails and --new passes",
    });
  }
  await loadScenario(values.scenario);
  if (values.results) process.env.CRIU_LAB_RESULTS_DIR = values.results;
  configureTestcontainers();
  await ensureEngine();
  const started = Date.now();
  const clone = await ensureClone(values["criu-repo"] ?? UPSTREAM_CRIU);
  const oldCommit = await resolveCommit(clone, oldRef);
  const newCommit = await resolveCommit(clone, newRef);
  const runId = currentRunId();
  const work = cacheDir("bisect", runId);
  const recordFile = join(defaultResultsRoot(), `bisect-${runId}`, "steps.jsonl");
  const step = ["node", CLI, "bisect-step", "--scenario", values.scenario, "--mode", mode, "--criu-repo", clone, "--record", recordFile, "--logs", join(defaultResultsRoot(), `bisect-${runId}`), ...(kernel ? ["--kernel", kernel.name] : [])];

  await execa("git", ["clone", "--quiet", "--shared", clone, work]);
  try {
    // Both ends first: a bisect between two commits that behave alike finds nothing.
    for (const [commit, want, label] of [[oldCommit, 0, `old end ${oldRef}`], [newCommit, 1, `new end ${newRef}`]] as const) {
      await execa("git", ["checkout", "--quiet", "--detach", commit], { cwd: work });
      say(`checking ${label} ${commit.slice(0, 12)}`);
      const r = await execa(step[0]!, step.slice(1), { cwd: work, reject: false, stderr: "inherit" });
      if (r.exitCode !== want) {
        const last = (await readRecords(recordFile)).at(-1);
        throw new InputError(`the ${label} is not ${want === 0 ? t.old : t.new}: the scenario gives ${last?.outcome ?? "?"} there (${last?.reason ?? ""})`, {
          hint: "pick ends where the scenario behaves differently; --fixed looks for the commit that made it pass",
        });
      }
    }
    const termArgs = mode === "fix" ? ["--term-old=broken", "--term-new=fixed"] : [];
    await execa("git", ["bisect", "start", ...termArgs, newCommit, oldCommit], { cwd: work });
    const run = execa("git", ["bisect", "run", ...step], { cwd: work, reject: false, all: true });
    run.all?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (/^Bisecting: /.test(line)) say(line);
        else if (/^criu-lab: (bisect step|building)/.test(line)) process.stderr.write(`${line}\n`);
      }
    });
    const out = await run;
    const output = out.all ?? "";
    const found = firstNewCommit(output, mode);
    const records = await readRecords(recordFile);
    const skipped = [...new Set(records.filter((r) => r.exitCode === 125).map((r) => r.commit))];
    const result = {
      mode,
      scenario: values.scenario,
      kernel: kernel?.name ?? "host",
      repo: values["criu-repo"] ?? UPSTREAM_CRIU,
      old: { ref: oldRef, commit: oldCommit, term: t.old },
      new: { ref: newRef, commit: newCommit, term: t.new },
      found: found ? { commit: found, ...(await describeCommit(clone, found)) } : undefined,
      candidates: undecided(output),
      skipped: await Promise.all(skipped.map(async (c) => ({ commit: c, ...(await describeCommit(clone, c)), why: records.find((r) => r.commit === c)?.reason }))),
      steps: records,
      builds: records.filter((r) => r.built).length,
      wallSeconds: Math.round((Date.now() - started) / 100) / 10,
    };
    await writeFileAtomic(join(defaultResultsRoot(), `bisect-${runId}`, "bisect.json"), `${JSON.stringify(result, null, 2)}\n`);
    if (found && result.found) {
      process.stdout.write(`first ${t.new} commit: ${found}\n  ${result.found.subject}\n  describe: ${result.found.describe}; first tag containing it: ${result.found.contains}\n`);
    } else {
      process.stdout.write(`no single first ${t.new} commit: ${result.candidates ? `candidates ${result.candidates.join(", ")}` : output.split("\n").slice(-5).join("\n")}\n`);
    }
    process.stdout.write(`skipped: ${result.skipped.map((s) => `${s.commit.slice(0, 12)} (${s.why ?? ""})`).join(", ") || "none"}\n`);
    process.stdout.write(`${records.length} steps, ${result.builds} builds, ${result.wallSeconds} s; record: ${join(defaultResultsRoot(), `bisect-${runId}`, "bisect.json")}\n`);
    return found ? 0 : 1;
  } finally {
    await execa("git", ["bisect", "reset", "--quiet"], { cwd: work, reject: false });
    await rm(work, { recursive: true, force: true });
  }
}
