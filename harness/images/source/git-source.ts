// A CRIU git repository (path or URL) cloned into criu-lab's cache, outside the project's git.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { InputError } from "../../platform/errors.js";
import { ensureDebianPackages } from "../../platform/debian-packages.js";
import { cacheDir } from "../../platform/cache-dir.js";
import { contentKey } from "../../platform/content-key.js";

export const UPSTREAM_CRIU = "https://github.com/checkpoint-restore/criu.git";

function normalise(repo: string): string {
  return /^[a-z]+:\/\//.test(repo) || repo.includes("@") ? repo : resolve(repo);
}

async function git(args: string[], cwd?: string): Promise<{ exitCode: number; stdout: string; all: string }> {
  const r = await execa("git", args, { cwd, reject: false, all: true });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, all: r.all ?? "" };
}

/** The cached bare clone of `repo`, made on first use and fetched when a ref is missing. */
export async function ensureClone(repo: string): Promise<string> {
  await ensureDebianPackages(["git"], "CRIU source builds");
  const source = normalise(repo);
  // Already one of our clones (bisect steps get the clone's path): use it as it is.
  if (source.startsWith(`${cacheDir("git")}/`) && existsSync(source)) return source;
  const dir = cacheDir("git", `${contentKey(source)}.git`);
  if (!existsSync(dir)) {
    await mkdir(cacheDir("git"), { recursive: true });
    process.stderr.write(`criu-lab: cloning ${source} into ${dir}\n`);
    const r = await git(["clone", "--mirror", "--quiet", source, dir]);
    if (r.exitCode !== 0) {
      throw new InputError(`cannot clone the CRIU repository ${source}: ${r.all.split("\n").at(-2) ?? r.all}`, {
        hint: "pass --criu-repo with a local clone of CRIU (this host may not reach the network)",
      });
    }
  }
  return dir;
}

/** Full commit id of a tag, branch or commit; fetches once if the clone does not know it yet. */
export async function resolveCommit(clone: string, ref: string): Promise<string> {
  const ask = () => git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], clone);
  let r = await ask();
  if (r.exitCode !== 0) {
    await git(["fetch", "--quiet", "origin", "+refs/*:refs/*"], clone);
    r = await ask();
  }
  if (r.exitCode !== 0) throw new InputError(`unknown CRIU git ref "${ref}"`, { hint: "name a tag (v4.0), a branch or a commit of --criu-repo" });
  return r.stdout.trim();
}

/** Writes the commit's tree (a clean tree: no stale build files) into `dest`. */
export async function exportTree(clone: string, commit: string, dest: string): Promise<void> {
  await mkdir(dest, { recursive: true });
  const archive = execa("git", ["archive", "--format=tar", commit], { cwd: clone, buffer: false });
  const untar = execa("tar", ["-x", "-C", dest], { reject: false });
  archive.stdout?.pipe(untar.stdin!);
  await Promise.all([archive, untar]);
}

export async function describeCommit(clone: string, commit: string): Promise<{ subject: string; describe: string; contains: string }> {
  const subject = (await git(["log", "-1", "--format=%s", commit], clone)).stdout.trim();
  const describe = (await git(["describe", "--tags", "--always", commit], clone)).stdout.trim();
  const contains = (await git(["describe", "--contains", commit], clone)).stdout.trim();
  return { subject, describe, contains: contains || "(in no tag yet)" };
}
