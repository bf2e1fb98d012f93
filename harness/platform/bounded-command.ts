// A command inside an executor that cannot hang a run: GNU timeout kills it, and everything in its
// process group, after a limit, and says so (--verbose), so a kill by the limit is never mistaken
// for a kill by anything else (an OOM kill is also exit 137).
import { shellQuote, type CommandResult, type CommandRunner } from "./command-runner.js";

/** The per-call limit when the user names none (`criu-lab matrix --step-timeout`). */
export const DEFAULT_STEP_TIMEOUT_SECONDS = 300;

/** What `timeout --verbose --signal=KILL` prints, in any locale's quotes, just before it kills. */
const KILLED_BY_LIMIT = /timeout: sending signal KILL to command/;

export interface BoundedResult extends CommandResult {
  /** The command ran into the limit and was killed. */
  timedOut: boolean;
  ms: number;
}

/** `timeout` as a shell prefix: `${timeoutPrefix(n)} cmd args`. */
export function timeoutPrefix(seconds: number): string {
  return `timeout --verbose --signal=KILL ${seconds}`;
}

/** Whether a command run under timeoutPrefix() was killed by the limit. */
export function killedByLimit(r: CommandResult): boolean {
  return r.exitCode === 137 && KILLED_BY_LIMIT.test(r.output);
}

/** Runs a shell script under the limit; never throws for a non-zero exit. */
export async function runBounded(runner: CommandRunner, script: string, seconds: number): Promise<BoundedResult> {
  const started = Date.now();
  const r = await runner.run(["sh", "-c", `${timeoutPrefix(seconds)} sh -c ${shellQuote(script)} 2>&1`]);
  return { ...r, timedOut: killedByLimit(r), ms: Date.now() - started };
}

/** The words a cell shows for a step that hit the limit. */
export function timedOutText(seconds: number): string {
  return `timed out after ${seconds} s`;
}
