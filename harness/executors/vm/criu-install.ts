// A CRIU build put into a running guest through the agent, instead of into a root disk of its own:
// criu and criu-ns go to a folder of their own under the agent's place (which resets leave alone),
// and a session puts that folder first on PATH (vm-session.ts), so `criu` and criu-ns's own `criu`
// are this build's. Checked after the copy: `criu --version` on that PATH must say what the build said.
import { existsSync } from "node:fs";
import { copyFile, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { dir as tmpDir } from "tmp-promise";
import { CriuLabError } from "../../platform/errors.js";
import type { Executor } from "../executor.js";

/** In the guest's /run/criu-lab (a tmpfs the agent keeps); one folder per build. */
export const GUEST_CRIU_ROOT = "/run/criu-lab/criu";
const FILES = ["criu", "criu-ns"];
const INSTALLED = ".installed";

/** The guest folder a build goes to: its cache entry's name, unique per (commit, builder). */
export function guestCriuDir(buildDir: string): string {
  return `${GUEST_CRIU_ROOT}/${basename(buildDir)}`;
}

/**
 * Installs the build once per VM (a later session finds it there) and checks it. `session` runs
 * with `guestCriuDir(buildDir)` first on PATH. Returns that folder.
 */
export async function installCriu(session: Executor, buildDir: string): Promise<string> {
  const dir = guestCriuDir(buildDir);
  const there = await session.run(["test", "-f", `${dir}/${INSTALLED}`]);
  if (there.exitCode !== 0) {
    const stage = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-install-" });
    try {
      for (const f of FILES.filter((f) => existsSync(join(buildDir, f)))) await copyFile(join(buildDir, f), join(stage.path, f));
      if (!(await session.copyIn(stage.path, dir))) throw new CriuLabError(`could not copy CRIU from ${buildDir} into ${session.describe}`);
    } finally {
      await stage.cleanup();
    }
  }
  const said = (await readFile(join(buildDir, "version"), "utf8")).trim();
  const r = await session.run(["sh", "-c", `command -v criu && criu --version && touch ${dir}/${INSTALLED}`]);
  const [path = "", ...version] = r.output.trim().split("\n");
  if (r.exitCode !== 0 || path !== `${dir}/criu` || version.join("\n").trim() !== said) {
    throw new CriuLabError(`the CRIU installed into ${session.describe} is not the build in ${buildDir}: \`criu\` is ${path || "missing"} and says ${JSON.stringify(version.join(" ").trim())}, not ${JSON.stringify(said)}`);
  }
  return dir;
}
