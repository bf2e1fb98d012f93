// Commit bisect between two refs: checks both ends first, then drives `git bisect run` with
// `criu-lab bisect-step` in a scratch clone, and writes bisect.json with every step.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../platform/errors.js";
import { cacheDir } from "../platform/cache-dir.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { describeCommit, ensureClone, resolveCommit } from "../images/source/git-source.js";
import type { KernelSpec } from "../kernels/kernel-spec.js";
import type { StepRecord } from "./bisect-step.js";
import { firstNewCommit, terms, undecided, type BisectMode } from "./verdict.js";
import { say } from "../platform/say.js";

const CLI = new URL("../../bin/criu-lab.js", import.meta.url).pathname;

export interface CommitBisectRequest {
  repo: string;
  oldRef: string;
  newRef: string;
  scenario: string;
  mode: BisectMode;
  kernel?: KernelSpec;
  /** results/bisect-<run>: bisect.json, steps.jsonl and each step's CRIU logs. */
  dir: string;
  runId: string;
}

export interface CommitBisectResult {
  found?: { commit: string; subject: string; describe: string; contains: string };
  candidates?: string[];
  skipped: { commit: string; subject: string; describe: string; contains: string; why?: string }[];
  steps: StepRecord[];
  builds: number;
  wallSeconds: number;
}

async function readRecords(file: string): Promise<StepRecord[]> {
  if (!existsSync(file)) return [];
  return (await readFile(file, "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l) as StepRecord);
}

export async function bisectCommits(req: CommitBisectRequest): Promise<CommitBisectResult> {
  const started = Date.now();
  const t = terms(req.mode);
  const clone = await ensureClone(req.repo);
  const oldCommit = await resolveCommit(clone, req.oldRef);
  const newCommit = await resolveCommit(clone, req.newRef);
  const work = cacheDir("bisect", req.runId);
  const recordFile = join(req.dir, "steps.jsonl");
  // On a VM kernel the steps share the VMs they boot: the first boots, the next ones use it.
  const vmKernel = req.kernel !== undefined && req.kernel.kind !== "host";
  const step = ["node", CLI, "bisect-step", "--scenario", req.scenario, "--mode", req.mode, "--criu-repo", clone, "--record", recordFile, "--logs", req.dir, ...(req.kernel ? ["--kernel", req.kernel.name] : []), ...(vmKernel ? ["--keep-vms"] : [])];
  await rm(work, { recursive: true, force: true });
  await execa("git", ["clone", "--quiet", "--shared", clone, work]);
  try {
    // Both ends first: a bisect between two commits that behave alike finds nothing.
    for (const [commit, want, label] of [[oldCommit, 0, `old end ${req.oldRef}`], [newCommit, 1, `new end ${req.newRef}`]] as const) {
      await execa("git", ["checkout", "--quiet", "--detach", commit], { cwd: work });
      say(`checking ${label} ${commit.slice(0, 12)}`);
      const r = await execa(step[0]!, step.slice(1), { cwd: work, reject: false, stderr: "inherit" });
      if (r.exitCode !== want) {
        const last = (await readRecords(recordFile)).at(-1);
        throw new InputError(`the ${label} is not ${want === 0 ? t.old : t.new}: the scenario gives ${last?.outcome ?? "?"} there (${last?.reason ?? ""})`, {
          hint: "pick ends where the scenario behaves differently; --fixed looks for the commit that made it pass, --supported for the one that made it run",
        });
      }
    }
    const termArgs = req.mode === "regression" ? [] : [`--term-old=${t.old}`, `--term-new=${t.new}`];
    await execa("git", ["bisect", "start", ...termArgs, newCommit, oldCommit], { cwd: work });
    const run = execa("git", ["bisect", "run", ...step], { cwd: work, reject: false, all: true });
    run.all?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (/^Bisecting: /.test(line)) say(line);
        else if (/^criu-lab: (bisect step|building)/.test(line)) process.stderr.write(`${line}\n`);
      }
    });
    const output = (await run).all ?? "";
    const found = firstNewCommit(output, req.mode);
    const records = await readRecords(recordFile);
    const skipped = [...new Set(records.filter((r) => r.exitCode === 125).map((r) => r.commit))];
    const result: CommitBisectResult = {
      ...(found ? { found: { commit: found, ...(await describeCommit(clone, found)) } } : {}),
      ...(undecided(output) ? { candidates: undecided(output) } : {}),
      skipped: await Promise.all(skipped.map(async (c) => ({ commit: c, ...(await describeCommit(clone, c)), why: records.find((r) => r.commit === c)?.reason }))),
      steps: records,
      builds: records.filter((r) => r.built).length,
      wallSeconds: Math.round((Date.now() - started) / 100) / 10,
    };
    const record = { mode: req.mode, scenario: req.scenario, kernel: req.kernel?.name ?? "host", repo: req.repo, old: { ref: req.oldRef, commit: oldCommit, term: t.old }, new: { ref: req.newRef, commit: newCommit, term: t.new }, ...result };
    await writeFileAtomic(join(req.dir, "bisect.json"), `${JSON.stringify(record, null, 2)}\n`);
    if (!found && !result.candidates) say(`git bisect ended without a commit:\n${output.split("\n").slice(-5).join("\n")}`);
    return result;
  } finally {
    await execa("git", ["bisect", "reset", "--quiet"], { cwd: work, reject: false });
    await rm(work, { recursive: true, force: true });
  }
}

/** On a VM kernel: how often the steps booted a VM, and how often they used one kept before. */
export function vmUseText(steps: readonly StepRecord[]): string {
  const booted = steps.filter((s) => s.vm === "booted").length;
  const reused = steps.filter((s) => s.vm === "reused").length;
  return booted + reused === 0 ? "" : `; ${booted} VM boot(s), ${reused} step(s) on a VM kept from an earlier step`;
}

/** What a person reads at the end of a commit bisect. */
export function commitBisectLines(result: CommitBisectResult, mode: BisectMode): string[] {
  const t = terms(mode);
  const head = result.found
    ? [`first ${t.new} commit: ${result.found.commit}`, `  ${result.found.subject}`, `  describe: ${result.found.describe}; first tag containing it: ${result.found.contains}`]
    : [`no single first ${t.new} commit${result.candidates ? `: candidates ${result.candidates.join(", ")}` : ""}`];
  return [...head, `skipped: ${result.skipped.map((s) => `${s.commit.slice(0, 12)} (${s.why ?? ""})`).join(", ") || "none"}`];
}
