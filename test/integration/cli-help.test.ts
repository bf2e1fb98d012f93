// Every command answers --help with its own usage and exits 0, before doing anything else: the
// commands `criu-lab --help` lists, and the internal bisect-step.
import { expect, test } from "vitest";
import { criuLab } from "../support/cli.js";

test("criu-lab --help lists the commands, and each answers --help with its usage", async () => {
  const r = await criuLab(["--help"]);
  expect(r.exitCode).toBe(0);
  const listed = [...r.stdout.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]!);
  expect(listed).toEqual(expect.arrayContaining(["matrix", "merge", "compare", "repro", "versions", "bisect", "ci", "engine", "setup", "doctor", "gc", "new"]));
  for (const command of [...listed, "bisect-step"]) {
    const help = await criuLab([command, "--help"]);
    expect(help.exitCode, `${command} --help: ${help.all}`).toBe(0);
    expect(help.stdout, command).toMatch(new RegExp(`^usage: criu-lab ${command}\\b`));
  }
});

test("an unknown command is exit 2, with one line naming it", async () => {
  const bad = await criuLab(["frobnicate"]);
  expect(bad.exitCode).toBe(2);
  expect(bad.stderr.split("\n")[0]).toBe('criu-lab: unknown command "frobnicate"');
});
