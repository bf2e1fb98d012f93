// `criu-lab ci github`'s output as a pure function: options in, a GitHub Actions workflow (object and YAML) out.
import { Document, isMap, isScalar } from "yaml";
import { allDoneJob, compareJob, mergeJob } from "./report-jobs.js";
import { gateJob, shardsJob } from "./run-jobs.js";
import { regenerateArgs, type GithubWorkflowOptions } from "./workflow-options.js";
import { expr, type Workflow } from "./workflow-types.js";

/** The job ids, in the order they run: gate -> shards -> merge -> compare, and all-done after all of them. */
export const JOB_IDS = { gate: "gate", shards: "shards", merge: "merge", compare: "compare", allDone: "all-done" } as const;

/** The branch whose runs are the baseline for compare; push runs on it are what compare looks for. */
const DEFAULT_BRANCH = "main";

export function githubWorkflow(options: GithubWorkflowOptions): Workflow {
  const { gate, shards, merge, compare, allDone } = JOB_IDS;
  return {
    name: "criu-lab",
    on: { push: { branches: [DEFAULT_BRANCH] }, pull_request: {}, workflow_dispatch: {} },
    permissions: { contents: "read" },
    // A newer push to a pull request makes the older run moot; runs on the default branch all finish.
    concurrency: { group: `criu-lab-${expr("github.ref")}`, "cancel-in-progress": expr("github.event_name == 'pull_request'") },
    jobs: {
      [gate]: gateJob(options),
      [shards]: shardsJob(options, gate),
      [merge]: mergeJob(shards),
      [compare]: compareJob(merge),
      [allDone]: allDoneJob([gate, shards, merge, compare]),
    },
  };
}

/** The workflow as YAML, headed by the command that writes it again. */
export function githubWorkflowYaml(options: GithubWorkflowOptions): string {
  const doc = new Document(githubWorkflow(options));
  doc.commentBefore = [
    ` Written by \`node bin/criu-lab.js ${regenerateArgs(options).join(" ")}\`; change the options and run it`,
    " again rather than editing this file (a unit test checks the committed default is up to date).",
  ].join("\n");
  // A blank line between jobs, so the file reads job by job.
  const jobs = doc.get("jobs");
  if (isMap(jobs)) for (const pair of jobs.items.slice(1)) if (isScalar(pair.key)) pair.key.spaceBefore = true;
  return doc.toString({ lineWidth: 0 });
}
