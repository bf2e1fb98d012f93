// A CRIU git repository (path or URL) cloned into criu-lab's cache, outside the project's git.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { InputError } from "../../platform/errors.js";
import { ensureDebianPackages } from "../../platform/debian-packages.js";
import { cacheDir } from "../../platform/cache-dir.js";
import { contentKey } from "../../platform/content-key.js";

export const UPSTREAM_CRIU = "https://github.com/checkpoint-restore/criu.git";

/** Touched on every successful clone or fetch. */
const FETCH_STAMP = "criu-lab-fetched";
/** A URL repository is fetched again at most this often; a local one every time (it is cheap). */
const REMOTE_REFRESH_MS = 60 * 60_000;

/** A path on this host (not a URL or an scp-like address): fetching from it costs nothing. */
export function isLocalSource(repo: string): boolean {
  return !(/^[a-z]+:\/\//.test(repo) || repo.includes("@"));
}

function normalise(repo: string): string {
  return isLocalSource(repo) ? resolve(repo) : repo;
}

async function git(args: string[], cwd?: string): Promise<{ exitCode: number; stdout: string; all: string }> {
  // Never a credentials prompt: a repository that asks for one is a repository we cannot read.
  const r = await execa("git", args, { cwd, reject: false, all: true, env: { GIT_TERMINAL_PROMPT: "0" } });
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
    // Said only when it takes a while: a clone that fails at once is one line, the error.
    const note = setTimeout(() => process.stderr.write(`criu-lab: cloning ${source} into ${dir}\n`), 2000);
    const r = await git(["clone", "--mirror", "--quiet", source, dir]).finally(() => clearTimeout(note));
    if (r.exitCode !== 0) {
      throw new InputError(`cannot clone the CRIU repository ${source}: ${r.all.split("\n").at(-2) ?? r.all}`, {
        hint: "pass --criu-repo with a local clone of CRIU (this host may not reach the network)",
      });
    }
    await writeFile(join(dir, FETCH_STAMP), new Date().toISOString());
  }
  return dir;
}

/** Brings the clone's refs up to date with its source; a source that cannot be reached keeps the refs it had. */
export async function refreshClone(clone: string, repo: string): Promise<void> {
  const stamp = join(clone, FETCH_STAMP);
  const age = existsSync(stamp) ? Date.now() - (await stat(stamp)).mtimeMs : Infinity;
  if (!isLocalSource(repo) && age < REMOTE_REFRESH_MS) return;
  const r = await git(["fetch", "--quiet", "--prune", "origin", "+refs/*:refs/*"], clone);
  if (r.exitCode === 0) await writeFile(stamp, new Date().toISOString());
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

/** A file's text at a commit; "" when the commit has no such file. */
export async function fileAtCommit(clone: string, commit: string, path: string): Promise<string> {
  const r = await git(["show", `${commit}:${path}`], clone);
  return r.exitCode === 0 ? r.stdout : "";
}

export async function describeCommit(clone: string, commit: string): Promise<{ subject: string; describe: string; contains: string }> {
  const subject = (await git(["log", "-1", "--format=%s", commit], clone)).stdout.trim();
  const describe = (await git(["describe", "--tags", "--always", commit], clone)).stdout.trim();
  const contains = (await git(["describe", "--contains", commit], clone)).stdout.trim();
  return { subject, describe, contains: contains || "(in no tag yet)" };
}
