// Debian's CRIU 4.2.1 source unpacked into a fresh directory with an empty git repository (branch
// main): the start of the test repositories (synthetic-criu-repo.ts, versioned-criu-repo.ts).
import { execa } from "execa";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchDebSource } from "../../harness/images/source/deb-source.js";
import { ensureDebianPackages } from "../../harness/platform/debian-packages.js";

export async function debianCriuTree(options: { prefix: string; purpose: string }): Promise<string> {
  await ensureDebianPackages(["git", "xz-utils"], options.purpose);
  const source = await fetchDebSource("sid", "4.2.1");
  const orig = (await readdir(source)).find((f) => f.startsWith("criu_4.2.1.orig.tar"));
  if (!orig) throw new Error(`no orig tarball in ${source}`);
  const dir = await mkdtemp(join(tmpdir(), options.prefix));
  await execa("tar", ["-xf", join(source, orig), "-C", dir, "--strip-components=1"]);
  await execa("git", ["init", "--quiet", "-b", "main"], { cwd: dir });
  return dir;
}
