// An ext4 disk image made from a directory without mounting anything (mkfs.ext4 -d), written
// beside its final name and renamed, so a killed run never leaves a half-made disk in the cache;
// sealed with its size, so a disk cut short later is made again.
import { execa } from "execa";
import { rm } from "node:fs/promises";
import { fileIsWhole, partialPath, publish, removeDeadPartials, sealFile } from "./cache-seal.js";
import { ImageError } from "./errors.js";
import { ensureDebianPackages } from "./debian-packages.js";

async function bytesIn(dir: string): Promise<number> {
  const r = await execa("du", ["-sb", dir]);
  return Number(r.stdout.split("\t")[0]);
}

/** `freeMiB` of room on top of the contents (a sparse file: unused room costs no host disk). */
export async function ensureExt4Disk(fromDir: string, target: string, label: string, freeMiB = 256): Promise<string> {
  if (await fileIsWhole(target, { digest: false })) return target;
  await ensureDebianPackages(["e2fsprogs"], "making VM disks");
  const mib = Math.ceil(((await bytesIn(fromDir)) * 1.25) / 2 ** 20) + freeMiB;
  await removeDeadPartials(target);
  const partial = partialPath(target);
  const r = await execa("mkfs.ext4", ["-q", "-F", "-L", label, "-d", fromDir, partial, `${mib}M`], { reject: false, all: true });
  if (r.exitCode !== 0) {
    await rm(partial, { force: true });
    throw new ImageError(`mkfs.ext4 -d ${fromDir} failed: ${(r.all ?? "").split("\n").slice(-4).join(" ")}`);
  }
  await publish(partial, target);
  await sealFile(target, { digest: false });
  return target;
}
