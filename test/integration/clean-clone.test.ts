// A fresh clone installs with `npm ci` from the committed lockfile, and the main job (`npm run
// matrix`) leaves it exactly as it was: `git status` clean.
import { execa } from "execa";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const PROJECT = fileURLToPath(new URL("../../", import.meta.url));

/** This process's environment without a run identity a test may have set. */
function ownEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !["CRIU_LAB_RUN_ID", "CRIU_LAB_OWNER_PID"].includes(e[0])));
}

test("npm ci works from the committed lockfile, and npm run matrix leaves git status clean", async () => {
  const clone = join(await mkdtemp(join(tmpdir(), "criu-lab-clone-")), "criu-lab");
  await execa("git", ["clone", "--quiet", "--no-local", PROJECT, clone]);
  // Exactly what CI's install step does; it fails when the lockfile lacks an entry.
  const ci = await execa("npm", ["ci", "--no-audit", "--no-fund"], { cwd: clone, reject: false, all: true });
  expect(ci.exitCode, ci.all).toBe(0);
  const matrix = await execa("npm", ["run", "matrix", "--", "--versions", "4.1.1", "--scenarios", "sched-reset-on-fork"], { cwd: clone, reject: false, all: true, env: ownEnv(), extendEnv: false });
  expect(matrix.exitCode, matrix.all).toBe(0);
  expect(matrix.all).toMatch(/\| sched-reset-on-fork \| pass \|/);
  const status = await execa("git", ["status", "--porcelain"], { cwd: clone });
  expect(status.stdout, "the main job modified the clone").toBe("");
});
