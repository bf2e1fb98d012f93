// Every command answers --help with its own usage and exits 0, before doing anything else.
import { expect, test } from "vitest";
import { criuLab } from "../support/cli.js";

const COMMANDS = ["matrix", "merge", "compare", "bisect", "ci", "setup", "doctor", "new", "bisect-step"];

test.each(COMMANDS)("criu-lab %s --help", async (command) => {
  const r = await criuLab([command, "--help"]);
  expect(r.exitCode, r.all).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`^usage: criu-lab ${command}\\b`));
});

test("criu-lab --help lists the commands; an unknown command is exit 2", async () => {
  const r = await criuLab(["--help"]);
  expect(r.exitCode).toBe(0);
  for (const c of COMMANDS.filter((x) => x !== "bisect-step")) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
  const bad = await criuLab(["frobnicate"]);
  expect(bad.exitCode).toBe(2);
  expect(bad.stderr.split("\n")[0]).toBe('criu-lab: unknown command "frobnicate"');
});
