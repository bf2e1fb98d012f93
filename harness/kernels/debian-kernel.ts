// Debian's kernel packages as VM kernels: which release each suite carries (read from the archive
// in the suite's cached rootfs), downloaded once and unpacked into the cache with depmod run.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { ImageError, InputError } from "../platform/errors.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { cacheDir } from "../platform/cache-dir.js";
import { ensureEntry } from "../platform/cache-entry.js";
import { dirIsWhole, partialPath, publish, removeDeadPartials, sealDir } from "../platform/cache-seal.js";
import { ensureDebianPackages } from "../platform/debian-packages.js";
import { baseImageFor, baseRootfs } from "../images/base-image.js";
import { withRootfsLock } from "../images/rootfs-lock.js";
import { DEBIAN_SUITES, type DebianSuite } from "../platform/suites.js";
import { logger } from "../platform/log.js";

const log = logger("kernels");

/** Where each stable series lives; sid moves, so any other series is looked up there. Checked against the archive on use. */
const SERIES_SUITE: Record<string, DebianSuite> = { "5.10": "bullseye", "6.1": "bookworm", "6.12": "trixie" };

export interface DebianKernelOffer {
  suite: DebianSuite;
  /** linux-image-6.1.0-50-amd64 */
  package: string;
  /** 6.1.0-50-amd64: what `uname -r` says in the guest. */
  release: string;
  /** Debian's package version: 6.1.176-1 */
  version: string;
  series: string;
}

const OFFER_MAX_AGE_MS = 24 * 3600_000;

async function chrootApt(rootfs: string, args: string[]) {
  return execa("chroot", [rootfs, "apt-get", "-o", "Acquire::Check-Valid-Until=false", ...args], { reject: false, all: true, env: { DEBIAN_FRONTEND: "noninteractive" } });
}

/** Reads `apt-cache show linux-image-amd64`: the first stanza's version and the linux-image it depends on. */
export function parseKernelOffer(suite: DebianSuite, aptCacheShow: string): DebianKernelOffer | undefined {
  const first = aptCacheShow.split(/\n\s*\n/)[0] ?? "";
  const version = /^Version: (\S+)/m.exec(first)?.[1];
  const pkg = /^Depends:.*?\b(linux-image-(\d+\.\d+)[^\s,]*)/m.exec(first);
  if (!version || !pkg) return undefined;
  return { suite, package: pkg[1]!, release: pkg[1]!.slice("linux-image-".length), version, series: pkg[2]! };
}

/** The kernel linux-image-amd64 points at in a suite, cached for a day. */
export async function debianKernelOffer(suite: DebianSuite): Promise<DebianKernelOffer> {
  const file = cacheDir("kernels", `offer-${suite}.json`);
  const cached = await readFile(file, "utf8").then((t) => JSON.parse(t) as DebianKernelOffer & { at: number }).catch(() => undefined);
  if (cached && Date.now() - cached.at < OFFER_MAX_AGE_MS) return cached;
  const rootfs = await baseRootfs(baseImageFor(suite));
  const show = await withRootfsLock(rootfs, async () => {
    await chrootApt(rootfs, ["update", "-qq"]);
    return execa("chroot", [rootfs, "apt-cache", "show", "linux-image-amd64"], { reject: false, all: true });
  });
  const offer = show.exitCode === 0 ? parseKernelOffer(suite, show.stdout) : undefined;
  if (!offer) {
    throw new ImageError(`cannot tell which kernel Debian ${suite} carries: ${(show.all ?? "").split("\n").slice(-3).join(" ")}`, {
      hint: "check that Debian's package archive is reachable (CRIU_LAB_DEBIAN_MIRROR)",
    });
  }
  await mkdir(cacheDir("kernels"), { recursive: true });
  await writeFileAtomic(file, JSON.stringify({ ...offer, at: Date.now() }));
  return offer;
}

/** What each suite offers as far as this host knows (cached lookups only: nothing is fetched). */
export async function knownDebianKernels(): Promise<{ suite: DebianSuite; series?: string; offer?: DebianKernelOffer; downloaded: boolean }[]> {
  return Promise.all(DEBIAN_SUITES.map(async (suite) => {
    const file = cacheDir("kernels", `offer-${suite}.json`);
    const offer = await readFile(file, "utf8").then((t) => JSON.parse(t) as DebianKernelOffer).catch(() => undefined);
    const series = offer?.series ?? Object.entries(SERIES_SUITE).find(([, s]) => s === suite)?.[0];
    return { suite, series, offer, downloaded: offer ? existsSync(cacheDir("kernels", `debian-${offer.release}`, ".complete")) : false };
  }));
}

/** The offer for `debian:<series>` or `debian:<suite>`; an unknown series names what each suite has. */
export async function findDebianKernel(want: { series?: string; suite?: DebianSuite }): Promise<DebianKernelOffer> {
  if (want.suite) return debianKernelOffer(want.suite);
  const series = want.series!;
  const suite = SERIES_SUITE[series] ?? "sid";
  const offer = await debianKernelOffer(suite);
  if (offer.series === series) return offer;
  const known = await Promise.all(DEBIAN_SUITES.map(async (s) => {
    const o = await debianKernelOffer(s).catch(() => undefined);
    return o ? `${s}: ${o.series} (${o.release})` : `${s}: unknown`;
  }));
  const match = known.find((k) => k.includes(`: ${series} `));
  if (match) return debianKernelOffer(match.split(":")[0] as DebianSuite);
  throw new InputError(`Debian has no kernel series ${series}`, { hint: `Debian carries ${known.join(", ")}` });
}

/** Written last, with the sha256 of the kernel and modules.dep: a cut-short unpack is downloaded again. */
const KERNEL_MARKER = ".complete";

/** The unpacked kernel: boot/vmlinuz-<release> and lib/modules/<release> (depmod run). */
export async function ensureDebianKernel(offer: DebianKernelOffer): Promise<string> {
  const name = `debian-${offer.release}`;
  const dir = cacheDir("kernels", name);
  await ensureEntry({ kind: "kernels", name }, { isWhole: () => dirIsWhole(dir, { marker: KERNEL_MARKER }), make: () => downloadKernel(offer, dir) });
  return dir;
}

/** The marker of an unpacked kernel: the offer, and the sha256 of the kernel and of modules.dep. */
export async function sealDebianKernel(dir: string, offer: DebianKernelOffer): Promise<void> {
  const files = [`boot/vmlinuz-${offer.release}`, `lib/modules/${offer.release}/modules.dep`];
  await sealDir(dir, { marker: KERNEL_MARKER, digest: files, meta: { ...offer } });
}

async function downloadKernel(offer: DebianKernelOffer, dir: string): Promise<void> {
  await ensureDebianPackages(["kmod"], "preparing VM kernels (depmod)");
  const rootfs = await baseRootfs(baseImageFor(offer.suite));
  const inChroot = `/tmp/criu-lab-kernel-${process.pid}-${Date.now()}`;
  await removeDeadPartials(dir);
  const partial = partialPath(dir);
  process.stderr.write(`criu-lab: downloading Debian ${offer.suite}'s kernel ${offer.package} ${offer.version}\n`);
  try {
    await mkdir(join(rootfs, inChroot), { recursive: true });
    const get = await withRootfsLock(rootfs, () =>
      execa("chroot", [rootfs, "sh", "-c", `cd ${inChroot} && apt-get -o Acquire::Check-Valid-Until=false download ${offer.package}=${offer.version}`], { reject: false, all: true }),
    );
    const deb = (await readdir(join(rootfs, inChroot))).find((f) => f.endsWith(".deb"));
    if (get.exitCode !== 0 || !deb) {
      throw new ImageError(`downloading ${offer.package} failed: ${(get.all ?? "").split("\n").slice(-3).join(" ")}`, { hint: "check that Debian's package archive is reachable" });
    }
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial, { recursive: true });
    await execa("dpkg-deb", ["-x", join(rootfs, inChroot, deb), partial]);
    // From trixie on (merged /usr) the package puts modules in usr/lib/modules; depmod -b wants lib/modules.
    if (existsSync(join(partial, "usr/lib/modules")) && !existsSync(join(partial, "lib/modules"))) {
      await mkdir(join(partial, "lib"), { recursive: true });
      await rename(join(partial, "usr/lib/modules"), join(partial, "lib/modules"));
    }
    const depmod = await execa("depmod", ["-b", partial, offer.release], { reject: false, all: true });
    if (depmod.exitCode !== 0) throw new ImageError(`depmod for ${offer.release} failed: ${depmod.all ?? ""}`);
    await sealDebianKernel(partial, offer);
    await publish(partial, dir);
    log("unpacked %s into %s", offer.package, dir);
  } finally {
    await rm(join(rootfs, inChroot), { recursive: true, force: true });
    await rm(partial, { recursive: true, force: true });
  }
}
