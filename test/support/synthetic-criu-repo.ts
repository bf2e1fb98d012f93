// A real CRIU git repository made from Debian's 4.2.1 source (no upstream network needed): the
// imported tree, then 16 small commits. #11 drops the reset-on-fork handling at restore (a real
// behavioural regression the sched scenario sees), #14 puts it back (the fix); #8 breaks the build
// and #10 repairs it (#8 and #9 do not build).
import { execa } from "execa";
import { randomUUID } from "node:crypto";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { debianCriuTree } from "./debian-criu-tree.js";

export interface SyntheticRepo {
  dir: string;
  /** commits[0] is the import; commits[i] is change i. */
  commits: string[];
  regression: string;
  fix: string;
  broken: string[];
}

const RESTORE_SWITCH = "switch (sp->policy & ~SCHED_RESET_ON_FORK) {";

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await execa("git", args, { cwd: dir })).stdout.trim();
}

async function commit(dir: string, subject: string): Promise<string> {
  await git(dir, "add", "-A");
  await git(dir, "commit", "--quiet", "-m", subject);
  return git(dir, "rev-parse", "HEAD");
}

export async function makeSyntheticRepo(): Promise<SyntheticRepo> {
  const dir = await debianCriuTree({ prefix: "criu-lab-synthetic-", purpose: "the synthetic CRIU repository" });
  await git(dir, "config", "user.email", "criu-lab@localhost");
  await git(dir, "config", "user.name", "criu-lab");
  const note = join(dir, "CRIU-LAB-SYNTHETIC.txt");
  // A new history each time (fresh commit ids), so the first bisect really builds every step.
  await writeFile(note, `synthetic history ${randomUUID()}\n`);
  const commits = [await commit(dir, "Import CRIU 4.2.1 (Debian source)")];
  const restoreC = join(dir, "criu/cr-restore.c");
  const dumpC = join(dir, "criu/cr-dump.c");
  let regression = "";
  let fix = "";
  const broken: string[] = [];
  for (let i = 1; i <= 16; i++) {
    await appendFile(note, `change ${i}\n`);
    let subject = `synthetic change ${i}`;
    if (i === 8) {
      await appendFile(dumpC, "\n#error criu-lab synthetic build break\n");
      subject = "synthetic: break the build";
    }
    if (i === 10) {
      await writeFile(dumpC, (await readFile(dumpC, "utf8")).replace("\n#error criu-lab synthetic build break\n", ""));
      subject = "synthetic: repair the build";
    }
    if (i === 11) {
      const text = await readFile(restoreC, "utf8");
      if (!text.includes(RESTORE_SWITCH)) throw new Error("criu/cr-restore.c no longer has the reset-on-fork switch");
      await writeFile(restoreC, text.replace(RESTORE_SWITCH, "switch (sp->policy) {"));
      subject = "synthetic: drop reset-on-fork handling at restore";
    }
    if (i === 14) {
      await writeFile(restoreC, (await readFile(restoreC, "utf8")).replace("switch (sp->policy) {", RESTORE_SWITCH));
      subject = "synthetic: handle reset-on-fork at restore again";
    }
    const sha = await commit(dir, subject);
    commits.push(sha);
    if (i === 11) regression = sha;
    if (i === 14) fix = sha;
    if (i === 8 || i === 9) broken.push(sha);
  }
  return { dir, commits, regression, fix, broken };
}

/** Gives commits of the synthetic history release tags (`{ "v4.3": 10 }` tags commits[10] as v4.3). */
export async function tagReleases(repo: SyntheticRepo, tags: Record<string, number>): Promise<void> {
  for (const [tag, index] of Object.entries(tags)) await git(repo.dir, "tag", tag, repo.commits[index]!);
}
