import { expect, test } from "vitest";
import type { CellRecord, Outcome } from "../results/outcome.js";
import { releaseChanges } from "./release-change.js";

const cell = (criuVersion: string, outcome: Outcome, kernelName = "debian:6.1"): CellRecord => ({
  scenario: "repro", criuVersion, kernelName, kernel: "6.1.0", executor: "vm", outcome, reason: "", expectation: { outcome: "pass", range: "*" }, steps: [], ms: 0, startedAt: "",
});
const semverOf = (v: string) => ({ "3.16.1": "3.16.1", "3.17.1": "3.17.1", "3.18": "3.18.0", "4.1.1": "4.1.1", distro: "3.16.1" })[v];

test("a fix: the last failing and first passing release, in semver order whatever the run order", () => {
  expect(releaseChanges([cell("4.1.1", "pass"), cell("3.17.1", "fail"), cell("3.18", "pass")], semverOf)).toEqual([
    { kernelName: "debian:6.1", kind: "fix", last: "3.17.1", first: "3.18" },
  ]);
});

test("a regression per kernel; cells that cannot tell are stepped over", () => {
  const cells = [cell("3.16.1", "pass", "host"), cell("3.17.1", "unsupported", "host"), cell("3.18", "xfail", "host"), cell("3.16.1", "pass"), cell("3.18", "pass")];
  expect(releaseChanges(cells, semverOf)).toEqual([{ kernelName: "host", kind: "regression", last: "3.16.1", first: "3.18" }]);
});
