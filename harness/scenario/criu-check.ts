// `criu check` on any executor, summed up for the plan: ok, unsupported (a known kernel limit of
// this version, with the reason) or failed, and the check itself as a step for the cells it stops.
import type { CommandRunner } from "../platform/command-runner.js";
import { Criu } from "../criu/criu-command.js";
import { failureSummary, unsupportedEvidence } from "../criu/log-classifier.js";
import type { CriuCheckSummary } from "./run-plan.js";

export async function criuCheckOn(runner: CommandRunner): Promise<CriuCheckSummary> {
  const run = await new Criu(runner, { logDir: "/work/logs" }).check();
  const text = `${run.output}\n${run.logTail.join("\n")}`;
  return {
    ok: run.exitCode === 0,
    unsupported: run.unsupported,
    summary: run.exitCode === 0
      ? (run.output.trim().split("\n").at(-1) ?? "ok")
      : (unsupportedEvidence(text) ?? failureSummary(text)),
    step: { name: "criu-check", exitCode: run.exitCode, ms: run.ms, argv: run.argv, errors: run.errors, logTail: run.logTail },
  };
}
