// `criu-lab new` writes a scenario and program that run and pass as they are: the template is real.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";
import { criuLab, readSummary } from "../support/cli.js";

const name = `zz-new-template-${process.pid}`;
const root = fileURLToPath(new URL("../../", import.meta.url));
const files = [join(root, "scenarios", `${name}.scenario.ts`), join(root, "programs", `${name.replaceAll("-", "_")}.c`)];

afterAll(async () => {
  for (const f of files) await rm(f, { force: true });
});

test("a new scenario from the template runs dump, restore, re-dump, re-restore and passes", async () => {
  const made = await criuLab(["new", name, "--title", "template smoke test"]);
  expect(made.exitCode, made.all).toBe(0);
  expect(files.every((f) => existsSync(f))).toBe(true);

  const results = await mkdtemp(join(tmpdir(), "criu-lab-new-"));
  const run = await criuLab(["matrix", "--versions", "4.1.1", "--scenarios", name, "--results", results]);
  expect(run.exitCode, run.all).toBe(0);
  const [cell] = (await readSummary(results)).cells;
  expect(cell?.outcome).toBe("pass");
  expect(cell?.steps.map((s) => s.name)).toContain("re-restore");
});

test("an existing name is refused", async () => {
  const r = await criuLab(["new", "sched-reset-on-fork"]);
  expect(r.exitCode).toBe(2);
  expect(r.all).toMatch(/programs\/sched_reset_on_fork\.c exists already|scenarios\/sched-reset-on-fork\.scenario\.ts exists already/);
});
