// Turns what a cell did into an outcome, given what the scenario expects of that CRIU version.
import semver from "semver";
import type { Outcome, ExpectationRecord } from "../results/outcome.js";
import type { Expectation, Scenario } from "./define-scenario.js";

/** What happened, before expectations are applied. */
export type RawResult =
  | { kind: "completed" }
  | { kind: "failed"; step: string; reason: string; evidence: readonly string[] }
  | { kind: "unsupported" | "build-error" | "harness-error"; reason: string };

const DEFAULT_PASS: Expectation = { criu: "*", outcome: "pass" };

export function expectationFor(scenario: Scenario, criuVersion: string): Expectation {
  const v = semver.coerce(criuVersion);
  if (!v) return DEFAULT_PASS;
  return scenario.expectations.find((e) => semver.satisfies(v, e.criu, { includePrerelease: true })) ?? DEFAULT_PASS;
}

export function expectationRecord(e: Expectation): ExpectationRecord {
  return e.outcome === "xfail" ? { outcome: "xfail", range: e.criu, ref: e.ref } : { outcome: "pass", range: e.criu };
}

export function decideOutcome(raw: RawResult, e: Expectation): { outcome: Outcome; reason: string } {
  switch (raw.kind) {
    case "unsupported":
    case "build-error":
    case "harness-error":
      return { outcome: raw.kind, reason: raw.reason };
    case "completed":
      return e.outcome === "pass"
        ? { outcome: "pass", reason: "all steps and checks passed" }
        : { outcome: "xpass", reason: `expected to fail (${e.ref}) but every step passed` };
    case "failed": {
      const reason = `${raw.step}: ${raw.reason}`;
      if (e.outcome === "pass") return { outcome: "fail", reason };
      const seen = [raw.reason, ...raw.evidence].some((line) => e.match.test(line));
      return seen
        ? { outcome: "xfail", reason }
        : { outcome: "fail", reason: `failed, but not as expected (${e.match}): ${reason}` };
    }
  }
}
