// Turns what a cell did into an outcome, given what the scenario expects of that CRIU version.
import semver from "semver";
import type { Outcome, ExpectationRecord } from "../results/outcome.js";
import type { Expectation, Scenario } from "./define-scenario.js";
import { kernelSemver } from "../kernels/kernel-spec.js";

/** What happened, before expectations are applied. */
export type RawResult =
  | { kind: "completed" }
  | { kind: "failed"; step: string; reason: string; evidence: readonly string[] }
  | { kind: "unsupported" | "build-error" | "harness-error"; reason: string };

const DEFAULT_PASS: Expectation = { criu: "*", outcome: "pass" };

function satisfies(version: string | undefined, range: string | undefined): boolean {
  if (range === undefined || version === undefined) return true;
  const v = semver.coerce(version);
  return v !== null && semver.satisfies(v, range, { includePrerelease: true });
}

/** The first expectation whose CRIU range (and restore range, and kernel range) the cell falls in. */
export function expectationFor(scenario: Scenario, criuVersion: string, restoreVersion?: string, kernelRelease?: string): Expectation {
  if (!semver.coerce(criuVersion)) return DEFAULT_PASS;
  const kernel = kernelRelease ? kernelSemver(kernelRelease) : undefined;
  return scenario.expectations.find((e) => satisfies(criuVersion, e.criu) && satisfies(restoreVersion, e.restoreCriu) && satisfies(kernel, e.kernel)) ?? DEFAULT_PASS;
}

export function expectationRecord(e: Expectation): ExpectationRecord {
  const range = e.restoreCriu ? `${e.criu} -> ${e.restoreCriu}` : e.criu;
  const kernel = e.kernel ? { kernel: e.kernel } : {};
  if (e.outcome === "unsupported") return { outcome: "unsupported", range, ...kernel, ...(e.ref ? { ref: e.ref } : {}), reason: e.reason };
  return e.outcome === "xfail" ? { outcome: "xfail", range, ...kernel, ref: e.ref } : { outcome: "pass", range, ...kernel };
}

/** A cell the scenario declares unsupported is not run; this is its reason. */
export function declaredUnsupported(e: Expectation): string | undefined {
  if (e.outcome !== "unsupported") return undefined;
  const on = e.kernel ? ` on kernel ${e.kernel}` : "";
  return `the scenario declares CRIU ${e.criu}${on} unsupported: ${e.reason}${e.ref ? ` (${e.ref})` : ""}`;
}

export function decideOutcome(raw: RawResult, e: Expectation): { outcome: Outcome; reason: string } {
  switch (raw.kind) {
    case "unsupported":
    case "build-error":
    case "harness-error":
      return { outcome: raw.kind, reason: raw.reason };
    case "completed":
      return e.outcome !== "xfail"
        ? { outcome: "pass", reason: "all steps and checks passed" }
        : { outcome: "xpass", reason: `expected to fail (${e.ref}) but every step passed` };
    case "failed": {
      const reason = `${raw.step}: ${raw.reason}`;
      if (e.outcome !== "xfail") return { outcome: "fail", reason };
      const seen = [raw.reason, ...raw.evidence].some((line) => e.match.test(line));
      return seen
        ? { outcome: "xfail", reason }
        : { outcome: "fail", reason: `failed, but not as expected (${e.match}): ${reason}` };
    }
  }
}
