// A CRIU Debian source package (`apt-get source`) fetched on the host through a chroot of the suite's
// base rootfs: the one source path that needs no network but Debian's.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ImageError } from "../../platform/errors.js";
import { cacheDir } from "../../platform/cache-dir.js";
import { baseImageFor, baseRootfs } from "../base-image.js";
import { withRootfsLock } from "../rootfs-lock.js";
import { debianMirror, type DebianSuite } from "../../platform/suites.js";

/** The directory with criu's .dsc and tarballs (or only the orig tarball) for this suite's version. */
export async function fetchDebSource(suite: DebianSuite, upstreamVersion: string): Promise<string> {
  const out = cacheDir("deb-src", `${suite}-${upstreamVersion}`);
  if (existsSync(join(out, ".complete"))) return out;
  const rootfs = await baseRootfs(baseImageFor(suite));
  // Another process may have fetched it while we waited for the rootfs.
  return withRootfsLock(rootfs, async () => (existsSync(join(out, ".complete")) ? out : fetchInChroot(rootfs, suite, upstreamVersion, out)));
}

async function fetchInChroot(rootfs: string, suite: DebianSuite, upstreamVersion: string, out: string): Promise<string> {
  await writeFile(join(rootfs, "etc/apt/sources.list.d/criu-lab-src.list"), `deb-src ${debianMirror()} ${suite} main\n`);
  await copyFile("/etc/resolv.conf", join(rootfs, "etc/resolv.conf")).catch(() => undefined);
  const inChroot = `/tmp/criu-lab-src-${process.pid}`;
  const hostSide = join(rootfs, inChroot);
  await mkdir(hostSide, { recursive: true });
  try {
    await execa("chroot", [rootfs, "apt-get", "-o", "Acquire::Check-Valid-Until=false", "update", "-qq"], { reject: false });
    const source = (only: string[]) =>
      execa("chroot", [rootfs, "sh", "-c", `cd ${inChroot} && apt-get source --download-only -qq ${only.join(" ")} criu`], { reject: false, all: true });
    let get = await source([]);
    let files = await readdir(hostSide);
    // The archive reachable here may lack the Debian diff; upstream's tarball (as Debian ships it) still builds.
    if (get.exitCode !== 0 || !files.some((f) => f.endsWith(".dsc"))) {
      await rm(hostSide, { recursive: true, force: true });
      await mkdir(hostSide, { recursive: true });
      get = await source(["--tar-only"]);
      files = await readdir(hostSide);
    }
    const orig = files.find((f) => f.startsWith(`criu_${upstreamVersion}.orig.tar`));
    if (get.exitCode !== 0 || !orig) {
      throw new ImageError(`apt-get source criu (${suite}) has no CRIU ${upstreamVersion}: ${(get.all ?? "").split("\n").slice(-3).join(" ")}`, {
        hint: `check that ${debianMirror()} serves ${suite}'s sources, or update harness/images/versions.ts`,
      });
    }
    await rm(out, { recursive: true, force: true });
    await mkdir(out, { recursive: true });
    for (const f of files) await copyFile(join(hostSide, f), join(out, f));
    await writeFile(join(out, ".complete"), files.find((f) => f.endsWith(".dsc")) ?? orig);
    return out;
  } finally {
    await rm(hostSide, { recursive: true, force: true });
  }
}
