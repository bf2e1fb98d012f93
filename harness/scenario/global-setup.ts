// vitest globalSetup for the scenarios project: prepares the run once and provides it to every file.
import type { TestProject } from "vitest/node";
import { describeProfile } from "../host/security-profile.js";
import { resolveVersions } from "../images/versions.js";
import { writeFileAtomic } from "../results/atomic-write.js";
import { RUN_INFO_FILE, type RunInfo } from "../results/run-info.js";
import { prepareRun } from "./prepare-run.js";

export default async function setup(project: TestProject): Promise<void> {
  const startedAt = new Date().toISOString();
  const names = process.env.CRIU_LAB_VERSIONS?.split(",").filter(Boolean);
  const plan = await prepareRun(resolveVersions(names, { criuRepo: process.env.CRIU_LAB_CRIU_REPO }));
  const info: RunInfo = {
    runId: plan.runId,
    startedAt,
    kernel: plan.kernel,
    engine: plan.engine,
    securityProfile: plan.profile ? describeProfile(plan.profile) : "not probed (no image could be made)",
  };
  await writeFileAtomic(`${plan.runDir}/${RUN_INFO_FILE}`, `${JSON.stringify(info, null, 2)}\n`);
  project.provide("criuLab", plan);
}
