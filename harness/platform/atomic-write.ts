// Writes a file whole or not at all: a crash mid-run never leaves half a JSON behind.
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm, symlink } from "node:fs/promises";
import { dirname } from "node:path";

export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(3).toString("hex")}.tmp`;
  const fh = await open(tmp, "w");
  try {
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    // A full disk fails the write half-way: the part written must not stay behind.
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Points `link` at `target` by renaming a fresh symlink over it. */
export async function replaceSymlink(target: string, link: string): Promise<void> {
  const tmp = `${link}.${process.pid}.tmp`;
  await rm(tmp, { force: true });
  await symlink(target, tmp);
  await rename(tmp, link);
}
