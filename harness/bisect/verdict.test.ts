import { describe, expect, test } from "vitest";
import { bisectExitCode, firstNewCommit, undecided } from "./verdict.js";

describe("bisectExitCode", () => {
  test.each([
    ["pass", "regression", 0],
    ["fail", "regression", 1],
    ["xfail", "regression", 1],
    ["pass", "fix", 1],
    ["fail", "fix", 0],
    ["build-error", "regression", 125],
    ["unsupported", "fix", 125],
    ["harness-error", "regression", 125],
    ["unsupported", "support", 0],
    ["pass", "support", 1],
    ["fail", "support", 1],
    ["build-error", "support", 125],
    ["harness-error", "support", 125],
  ] as const)("%s in %s mode -> %i", (outcome, mode, code) => {
    expect(bisectExitCode(outcome, mode)).toBe(code);
  });
});

test("reads the first bad (or fixed) commit from git's output", () => {
  const sha = "a".repeat(40);
  expect(firstNewCommit(`Bisecting: 0 revisions left\n${sha} is the first bad commit\ncommit ${sha}`, "regression")).toBe(sha);
  expect(firstNewCommit(`${sha} is the first fixed commit`, "fix")).toBe(sha);
  expect(firstNewCommit(`${sha} is the first fixed commit`, "regression")).toBeUndefined();
  expect(firstNewCommit(`${sha} is the first supported commit`, "support")).toBe(sha);
});

test("reads the candidates when only skipped commits are left", () => {
  const a = "1".repeat(40);
  const b = "2".repeat(40);
  expect(undecided(`There are only 'skip'ped commits left to test.\nThe first bad commit could be any of:\n${a}\n${b}\nWe cannot bisect more!`)).toEqual([a, b]);
  expect(undecided("Bisecting: 3 revisions left")).toBeUndefined();
});
