// The jobs after the shards: merge them into one run, compare it with the default branch's last run, and one verdict.
import { criuLab, RUNNER, runKeepingResults, setupSteps, uploadRunStep } from "./common-steps.js";
import { SHARD_ARTIFACT_PREFIX } from "./run-jobs.js";
import { expr, type Job } from "./workflow-types.js";

export const MERGED_ARTIFACT = "criu-lab-merged";
export const COMPARE_ARTIFACT = "criu-lab-compare";

/** Runs when the shards ran, whether or not all their cells were as expected: the report matters most then. */
export function mergeJob(needs: string): Job {
  const merged = expr("steps.merge.outputs.dir");
  const haveRun = expr("!cancelled() && steps.merge.outputs.dir != ''");
  return {
    name: "merge the shards",
    "runs-on": RUNNER,
    needs: [needs],
    if: expr(`!cancelled() && needs.${needs}.result != 'skipped'`),
    permissions: { contents: "read", checks: "write" },
    "timeout-minutes": 15,
    steps: [
      ...setupSteps(),
      // With a pattern, each artifact lands in its own directory: shards/criu-lab-shard-<i>/.
      { name: "Download the shards' runs", uses: "actions/download-artifact@v4", with: { pattern: `${SHARD_ARTIFACT_PREFIX}*`, path: "shards" } },
      runKeepingResults({ name: "criu-lab merge", id: "merge", command: criuLab(["merge", "shards/*", "--results", "merged-results"], { asRoot: false }), resultsDir: "merged-results", ownedByRoot: false }),
      { name: "summary.md to the job summary", if: haveRun, env: { RUN_DIR: merged }, run: 'cat "$RUN_DIR/summary.md" >> "$GITHUB_STEP_SUMMARY"' },
      {
        name: "junit.xml to the checks",
        if: haveRun,
        uses: "mikepenz/action-junit-report@v5",
        with: {
          report_paths: `${merged}/junit.xml`,
          check_name: "criu-lab cells",
          require_tests: true,
          job_summary: false,
          // A pull request from a fork gets a read-only token: annotate, create no check run.
          annotate_only: expr("github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository"),
        },
      },
      uploadRunStep({ name: "Upload the merged run", artifact: MERGED_ARTIFACT, fromStep: "merge" }),
    ],
  };
}

/** Finds the last successful push run of this workflow on the default branch, and downloads its merged run. */
const FIND_BASELINE = `workflow_id=$(gh api "repos/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID" --jq .workflow_id)
branch=$(gh api "repos/$GITHUB_REPOSITORY" --jq .default_branch)
run_id=$(gh run list --workflow "$workflow_id" --branch "$branch" --event push --status success --limit 1 --json databaseId --jq '.[0].databaseId // empty')
if [ -z "$run_id" ]; then
  echo "No earlier successful run of this workflow on $branch: nothing to compare with, compare skipped." | tee -a "$GITHUB_STEP_SUMMARY"
  echo "found=false" >> "$GITHUB_OUTPUT"
elif ! gh run download "$run_id" --name ${MERGED_ARTIFACT} --dir baseline; then
  echo "Run $run_id on $branch has no ${MERGED_ARTIFACT} artifact (expired?): compare skipped." | tee -a "$GITHUB_STEP_SUMMARY"
  echo "found=false" >> "$GITHUB_OUTPUT"
else
  echo "Baseline: run $run_id on $branch ($GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$run_id)" | tee -a "$GITHUB_STEP_SUMMARY"
  echo "found=true" >> "$GITHUB_OUTPUT"
fi`;

/** This run against the default branch's last green one: regressions fail the job, no baseline skips it. */
export function compareJob(needs: string): Job {
  const found = "steps.baseline.outputs.found == 'true'";
  return {
    name: "compare with the default branch",
    "runs-on": RUNNER,
    needs: [needs],
    if: expr(`!cancelled() && needs.${needs}.result != 'skipped'`),
    permissions: { contents: "read", actions: "read" },
    "timeout-minutes": 15,
    steps: [
      ...setupSteps(),
      { name: "Download this run's merged run", uses: "actions/download-artifact@v4", with: { name: MERGED_ARTIFACT, path: "merged" } },
      { name: "Find the baseline", id: "baseline", env: { GH_TOKEN: expr("github.token") }, run: FIND_BASELINE },
      {
        name: "criu-lab compare",
        if: expr(found),
        run: ["status=0", `${criuLab(["compare", "baseline", "merged", "--out", "compare"], { asRoot: false })} || status=$?`, 'if [ -e compare/compare.md ]; then cat compare/compare.md >> "$GITHUB_STEP_SUMMARY"; fi', 'exit "$status"'].join("\n"),
      },
      { name: "Upload the comparison", if: expr(`!cancelled() && ${found}`), uses: "actions/upload-artifact@v4", with: { name: COMPARE_ARTIFACT, path: "compare", "if-no-files-found": "error" } },
    ],
  };
}

/** The one check branch protection needs: green only when every other job succeeded. */
export function allDoneJob(needs: readonly string[]): Job {
  const results = needs.map((job) => `"${job}=${expr(`needs.${job}.result`)}"`).join(" ");
  return {
    name: "all done",
    "runs-on": RUNNER,
    needs: [...needs],
    if: expr("always()"),
    "timeout-minutes": 5,
    steps: [
      {
        name: "Every job succeeded",
        run: ["failed=0", `for job in ${results}; do`, '  echo "$job"', '  [ "${job#*=}" = success ] || failed=1', "done", 'exit "$failed"'].join("\n"),
      },
    ],
  };
}
