// The generated workflow, read by GitHub's own parser: it is accepted, its jobs run in the intended order,
// and each shard runs its part of the matrix. A broken workflow is rejected by the same parser.
import { describe, expect, test } from "vitest";
import { stringify } from "yaml";
import { parseKernelSpecs } from "../kernels/kernel-spec.js";
import { scenarioNames } from "../scenario/select-scenarios.js";
import { enableKvmStep } from "./common-steps.js";
import { actionSteps, criuLabCalls, evaluate, parseWithGitHub, plain, runScripts } from "./github-parser.test-helpers.js";
import { githubWorkflow, githubWorkflowYaml, JOB_IDS } from "./github-workflow.js";
import { MERGED_ARTIFACT } from "./report-jobs.js";
import { DEFAULT_WORKFLOW_OPTIONS, SEED_SCENARIO, type GithubWorkflowOptions } from "./workflow-options.js";

const CASES: { label: string; options: GithubWorkflowOptions }[] = [
  { label: "the defaults (2 shards)", options: DEFAULT_WORKFLOW_OPTIONS },
  { label: "one shard", options: { ...DEFAULT_WORKFLOW_OPTIONS, shards: 1 } },
  {
    label: "3 shards, chosen versions, a VM kernel, two scenarios",
    options: { versions: ["4.1.1", "deb-src:4.2.1"], kernels: parseKernelSpecs(["host", "debian:6.1"]), scenarios: ["sched-reset-on-fork", "file-locks"], shards: 3 },
  },
  { label: "7 shards", options: { ...DEFAULT_WORKFLOW_OPTIONS, shards: 7 } },
];

describe.each(CASES)("the workflow for $label", ({ options }) => {
  const parsing = parseWithGitHub(githubWorkflowYaml(options));
  const job = async (id: string) => {
    const found = (await parsing).jobs.get(id);
    if (!found) throw new Error(`no job ${id}`);
    return found;
  };

  test("GitHub's parser accepts it without an error", async () => {
    const { errors, jobs } = await parsing;
    expect(errors).toEqual([]);
    expect(jobs.size).toBe(5);
  });

  test("the jobs run gate -> shards -> merge -> compare, and all-done after every one, always", async () => {
    const needs = Object.fromEntries([...(await parsing).jobs].map(([id, j]) => [id, (j.needs ?? []).map((n) => n.value)]));
    expect(needs).toEqual({ gate: [], shards: ["gate"], merge: ["shards"], compare: ["merge"], "all-done": ["gate", "shards", "merge", "compare"] });
    expect((await job(JOB_IDS.allDone)).if.expression).toBe("always()");
  });

  test("the gate runs doctor, then the seed scenario on the chosen versions, as root", async () => {
    const calls = runScripts(await job(JOB_IDS.gate)).flatMap(({ script }) => criuLabCalls(script));
    const versions = options.versions.length > 0 ? ["--versions", options.versions.join(",")] : [];
    expect(calls).toEqual([
      { argv: ["doctor"], asRoot: true },
      { argv: ["matrix", "--scenarios", SEED_SCENARIO, ...versions, "--results", "gate-results"], asRoot: true },
    ]);
  });

  test(`the shard matrix has ${options.shards} entries and shard i runs --shard i/${options.shards} of the chosen matrix`, async () => {
    const shards = await job(JOB_IDS.shards);
    const strategy = plain(shards.strategy!) as { "fail-fast": boolean; matrix: { shard: number[] } };
    expect(strategy.matrix.shard).toHaveLength(options.shards);
    expect(strategy["fail-fast"]).toBe(false);
    const runs = strategy.matrix.shard.map((shard) => runScripts(shards, { matrix: { shard } }).flatMap(({ script }) => criuLabCalls(script)));
    const argOf = (argv: string[], flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
    expect(runs.map((calls) => argOf(calls[0]!.argv, "--shard"))).toEqual(Array.from({ length: options.shards }, (_, i) => `${i + 1}/${options.shards}`));
    for (const [call] of runs) {
      expect(call!.asRoot).toBe(true);
      expect(argOf(call!.argv, "--versions")).toBe(options.versions.join(",") || undefined);
      expect(argOf(call!.argv, "--kernels")).toBe(options.kernels.map((k) => k.name).join(",") || undefined);
      expect(argOf(call!.argv, "--scenarios")).toBe(options.scenarios.join(",") || undefined);
    }
  });

  test("every shard's artifact is one the merge job downloads, and compare downloads what merge uploads", async () => {
    const parsed = await parsing;
    const shardUploads = actionSteps(parsed, JOB_IDS.shards).filter((s) => s.uses === "actions/upload-artifact@v4");
    const names = [1, 2].map((shard) => evaluate(shardUploads[0]!.inputs.get("name")!, { matrix: { shard } }));
    const download = actionSteps(parsed, JOB_IDS.merge).find((s) => s.uses === "actions/download-artifact@v4")!;
    const pattern = new RegExp(`^${evaluate(download.inputs.get("pattern")!).replaceAll("*", ".*")}$`);
    expect(names.every((n) => pattern.test(n)) && names[0] !== names[1]).toBe(true);
    const mergedUpload = actionSteps(parsed, JOB_IDS.merge).find((s) => s.uses === "actions/upload-artifact@v4")!;
    const compareDownload = actionSteps(parsed, JOB_IDS.compare).find((s) => s.uses === "actions/download-artifact@v4")!;
    expect(evaluate(mergedUpload.inputs.get("name")!)).toBe(MERGED_ARTIFACT);
    expect(evaluate(compareDownload.inputs.get("name")!)).toBe(MERGED_ARTIFACT);
  });

  test("the shards enable KVM exactly when a kernel runs in a VM", async () => {
    const names = (await job(JOB_IDS.shards)).steps.map((s) => s.name?.toString());
    expect(names.includes(enableKvmStep().name)).toBe(options.kernels.some((k) => k.kind !== "host"));
  });
});

describe("GitHub's parser rejects a broken workflow", () => {
  const broken = (change: (jobs: Record<string, Record<string, unknown>>) => void) => {
    const workflow = structuredClone(githubWorkflow(DEFAULT_WORKFLOW_OPTIONS)) as unknown as { jobs: Record<string, Record<string, unknown>> };
    change(workflow.jobs);
    return parseWithGitHub(stringify(workflow));
  };

  test("a job that needs a job that does not exist", async () => {
    const { errors } = await broken((jobs) => (jobs.merge!.needs = ["shard"]));
    // The jobs after merge can never start either; GitHub reports those too.
    expect(errors[0]).toBe("Job 'merge' depends on unknown job 'shard'.");
  });

  test("a key GitHub does not know", async () => {
    const { errors } = await broken((jobs) => (jobs.gate!["runs_on"] = "ubuntu-24.04"));
    expect(errors).toEqual(["Unexpected value 'runs_on'"]);
  });

  test("jobs that need each other", async () => {
    const { errors } = await broken((jobs) => (jobs.merge!.needs = ["compare"]));
    expect(errors).toContain("Job 'merge' depends on job 'compare' which creates a cycle in the dependency graph.");
  });

  test("a first job that needs another (nothing can start)", async () => {
    const { errors } = await broken((jobs) => (jobs.gate!.needs = ["all-done"]));
    expect(errors).toEqual(["The workflow must contain at least one job with no dependencies."]);
  });
});

test(`the gate's seed scenario ${SEED_SCENARIO} exists`, () => {
  expect(scenarioNames()).toContain(SEED_SCENARIO);
});
