// A CRIU repository of two or more builds that tell themselves apart: Debian's 4.2.1 source, then
// one commit per number that sets CRIU_VERSION_EXTRA to it (`criu --version` says 4.2.1.<n>; CRIU
// compiles EXTRA in as a number). The history is the same every time (fixed dates), so a machine
// builds each commit once.
import { execa } from "execa";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { debianCriuTree } from "./debian-criu-tree.js";

export interface VersionedRepo {
  dir: string;
  /** The commit that says `Version: 4.2.1.<n>`, by n. */
  commits: Record<number, string>;
}

const DATE = "2026-01-01T00:00:00Z";

async function git(dir: string, ...args: string[]): Promise<string> {
  const env = { GIT_AUTHOR_DATE: DATE, GIT_COMMITTER_DATE: DATE, GIT_AUTHOR_NAME: "criu-lab", GIT_AUTHOR_EMAIL: "criu-lab@localhost", GIT_COMMITTER_NAME: "criu-lab", GIT_COMMITTER_EMAIL: "criu-lab@localhost" };
  return (await execa("git", args, { cwd: dir, env })).stdout.trim();
}

export async function makeVersionedRepo(extras: readonly number[]): Promise<VersionedRepo> {
  const dir = await debianCriuTree({ prefix: "criu-lab-versioned-", purpose: "the versioned CRIU repository" });
  await git(dir, "add", "-A");
  await git(dir, "commit", "--quiet", "-m", "Import CRIU 4.2.1 (Debian source)");
  const versions = join(dir, "Makefile.versions");
  const original = await readFile(versions, "utf8");
  if (!/^CRIU_VERSION_EXTRA[ \t]*:=[ \t]*$/m.test(original)) throw new Error("Makefile.versions no longer has an empty CRIU_VERSION_EXTRA");
  const commits: Record<number, string> = {};
  for (const n of extras) {
    await writeFile(versions, original.replace(/^CRIU_VERSION_EXTRA[ \t]*:=[ \t]*$/m, `CRIU_VERSION_EXTRA\t:= ${n}`));
    await git(dir, "commit", "--quiet", "-am", `versioned: CRIU_VERSION_EXTRA ${n}`);
    commits[n] = await git(dir, "rev-parse", "HEAD");
  }
  return { dir, commits };
}
