// What a bisect step tells `git bisect run`: 0 old, 1 new, 125 skip; never >= 128.
import type { Outcome } from "../results/outcome.js";

/**
 * regression: old = good (passes), new = bad. fix: old = broken (fails), new = fixed (passes).
 * support: old = unsupported (cannot run on this kernel), new = supported (runs, whatever it gives):
 * "which commit made CRIU work on my kernel".
 */
export type BisectMode = "regression" | "fix" | "support";

export const BISECT_MODES: readonly BisectMode[] = ["regression", "fix", "support"];

export const SKIP = 125;

export function bisectExitCode(outcome: Outcome, mode: BisectMode): 0 | 1 | typeof SKIP {
  const passes = outcome === "pass" || outcome === "xpass";
  const fails = outcome === "fail" || outcome === "xfail";
  if (mode === "support") return outcome === "unsupported" ? 0 : passes || fails ? 1 : SKIP;
  if (!passes && !fails) return SKIP; // unsupported, build-error, harness-error: this commit cannot tell
  if (mode === "regression") return passes ? 0 : 1;
  return fails ? 0 : 1;
}

export function terms(mode: BisectMode): { old: string; new: string } {
  if (mode === "support") return { old: "unsupported", new: "supported" };
  return mode === "regression" ? { old: "good", new: "bad" } : { old: "broken", new: "fixed" };
}

/** The commit git bisect settled on, from its output. */
export function firstNewCommit(output: string, mode: BisectMode): string | undefined {
  return new RegExp(`^([0-9a-f]{40}) is the first ${terms(mode).new} commit`, "m").exec(output)?.[1];
}

/** When only skipped commits remain, git lists the candidates instead. */
export function undecided(output: string): string[] | undefined {
  if (!/only 'skip'ped commits left to test/.test(output)) return undefined;
  return [...output.matchAll(/^([0-9a-f]{40})$/gm)].map((m) => m[1]!);
}
