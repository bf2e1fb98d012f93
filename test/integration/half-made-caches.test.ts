// A killed job leaves caches half-made. Each case is injected for real (a rootfs without its marker,
// an image recipe that fails or whose process is SIGKILLed before the tag, a truncated build, program,
// kernel, initramfs, modules disk and VM root disk), and the next use must make the entry again,
// never use it as if it were whole. Cheap on purpose: most cases run on a cache root in a temp dir
// (CRIU_LAB_CACHE), with small inputs; none downloads a kernel or runs a whole debootstrap.
import { execa } from "execa";
import { sweepOrphans } from "../../harness/executors/sweep.js";
import { existsSync, statSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { baseImageFor, baseRootfs, ensureBaseImage } from "../../harness/images/base-image.js";
import { ensureCriuImage } from "../../harness/images/criu-image.js";
import { DONE_MARKER, ensureRootfs } from "../../harness/images/debootstrap-rootfs.js";
import { removeDeadPartialTags } from "../../harness/images/image-publish.js";
import { ensurePackagesImage } from "../../harness/images/packages-image.js";
import { buildCriu } from "../../harness/images/source/source-build.js";
import { resolveVersions } from "../../harness/images/resolve-versions.js";
import { ensureKernelBoot } from "../../harness/kernels/boot-files.js";
import { ensureDebianKernel, sealDebianKernel, type DebianKernelOffer } from "../../harness/kernels/debian-kernel.js";
import { ensureRootfsDisk } from "../../harness/executors/vm/rootfs-disk.js";
import { cacheDir } from "../../harness/platform/cache-dir.js";
import { sealDir, sha256Of } from "../../harness/platform/cache-seal.js";
import { imageExists, imageId } from "../../harness/platform/docker-cli.js";
import { compilePrograms } from "../../harness/scenario/programs.js";

const REAL_CACHE = cacheDir();
const saved = { cache: process.env.CRIU_LAB_CACHE, mirror: process.env.CRIU_LAB_DEBIAN_MIRROR };

/** A fresh cache root in a temp dir for this test (the real one stays untouched). */
async function tempCacheRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "criu-lab-half-made-"));
  process.env.CRIU_LAB_CACHE = root;
  return root;
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

afterEach(() => {
  restore("CRIU_LAB_CACHE", saved.cache);
  restore("CRIU_LAB_DEBIAN_MIRROR", saved.mirror);
});

/** A pid no process has now: a job that was killed. */
async function deadPid(): Promise<number> {
  const p = execa("true");
  await p;
  return p.pid!;
}

/** Cuts a file to half its size, as a crash before the data reached the disk does. */
async function cutInHalf(path: string): Promise<number> {
  const size = statSync(path).size;
  await truncate(path, Math.floor(size / 2));
  return size;
}

test("a debootstrap rootfs without its marker is not used: the next use runs debootstrap again, and a killed run's partial goes", async () => {
  const real = join(REAL_CACHE, "rootfs", `bookworm-${baseImageFor("bookworm").key}`);
  await tempCacheRoot();
  // debootstrap fails at once on this mirror: if it is run, we see it; nothing is downloaded.
  process.env.CRIU_LAB_DEBIAN_MIRROR = "file:///nonexistent/criu-lab-test-mirror";
  const base = baseImageFor("bookworm");
  const dir = cacheDir("rootfs", `bookworm-${base.key}`);
  // What a killed debootstrap leaves: part of a real rootfs, no marker; and another's partial beside it.
  expect(existsSync(real), `${real}: the bookworm rootfs criu-lab setup makes`).toBe(true);
  await cp(join(real, "etc"), join(dir, "etc"), { recursive: true });
  const leftover = `${dir}.partial-${await deadPid()}`;
  await mkdir(join(leftover, "usr"), { recursive: true });

  await expect(ensureRootfs(base.rootfsRecipe, base.key)).rejects.toThrow(/debootstrap bookworm failed/);
  expect(existsSync(leftover), "the killed run's partial rootfs").toBe(false);

  // With its marker (written last by a debootstrap that finished), the same folder is used as it is.
  await sealDir(dir, { marker: DONE_MARKER, meta: { ...base.rootfsRecipe } });
  expect(await ensureRootfs(base.rootfsRecipe, base.key)).toBe(dir);
});

describe("images", () => {
  const repo = "criu-lab/test-half-made";
  const tag = `${repo}:${process.pid}-${Date.now()}`;
  afterEach(async () => {
    const left = (await execa("docker", ["images", repo, "--format", "{{.Repository}}:{{.Tag}}"])).stdout.split("\n").filter(Boolean);
    if (left.length > 0) await execa("docker", ["rmi", ...left], { reject: false });
  });

  test("an image whose recipe step failed, or whose job was SIGKILLed before the tag, never gets its tag; the next use makes it", async () => {
    const base = await ensureBaseImage("bookworm");
    const recipe = { from: base.tag, rootfs: () => baseRootfs(base), packages: ["hello"], tag, labels: { "criu-lab.test": "half-made" } };
    // The recipe's last step fails: no tag, and no temporary tag left behind.
    await expect(ensurePackagesImage({ ...recipe, verify: async () => Promise.reject(new Error("the check failed")) })).rejects.toThrow("the check failed");
    expect(await imageExists(tag)).toBe(false);
    expect((await execa("docker", ["images", repo, "-q"])).stdout).toBe("");

    // The job is killed after docker commit, before the tag.
    const die = fileURLToPath(new URL("../support/die-mid-image.ts", import.meta.url));
    // Its own owner, as a criu-lab process killed on its own would be (not this test's worker).
    const { CRIU_LAB_OWNER_PID: _worker, ...ownEnv } = process.env;
    const killed = await execa("node", ["--import", "tsx", die, tag, "bookworm", "hello"], { reject: false, all: true, env: ownEnv, extendEnv: false });
    expect(killed.signal, killed.all).toBe("SIGKILL");
    const temp = /committed (\S+)/.exec(killed.stdout)?.[1];
    expect(temp).toMatch(/-partial-\d+$/);
    expect(await imageExists(tag), "a killed job's image has no real tag").toBe(false);
    expect(await imageExists(temp!), "it exists only under its temporary tag").toBe(true);

    // The next use makes it (and checks it), and the killed job's temporary tag is removed.
    const installed = await ensurePackagesImage({
      ...recipe,
      verify: async (image) => {
        const r = await execa("docker", ["run", "--rm", "--network=none", image, "hello"]);
        if (r.stdout.trim() !== "Hello, world!") throw new Error(`hello said ${r.stdout}`);
      },
    });
    expect(installed.some((d) => d.startsWith("hello_"))).toBe(true);
    expect(await imageExists(tag)).toBe(true);
    expect(await removeDeadPartialTags()).toContain(temp);
    expect(await imageExists(temp!)).toBe(false);
    // The killed job's build container is there until a run sweeps it, as any run would.
    const killedPid = Number(/-partial-(\d+)$/.exec(temp!)?.[1]);
    const builds = async () => (await execa("docker", ["ps", "-aq", "--filter", `name=criu-lab-build-${killedPid}-`])).stdout.trim();
    expect(await builds(), "the killed job left its build container").not.toBe("");
    await sweepOrphans();
    expect(await builds()).toBe("");
  });
});

test("a build cache entry with a truncated criu is built again, not run", async () => {
  // A tiny tree the real build code builds (in the real trixie builder) in seconds.
  const src = await mkdtemp(join(tmpdir(), "criu-lab-tiny-tree-"));
  await mkdir(join(src, "criu"));
  await writeFile(join(src, "criu/main.c"), '#include <stdio.h>\nint main(void) { puts("Version: 9.9.9"); return 0; }\n');
  await writeFile(join(src, "Makefile"), ".PHONY: criu\ncriu:\n\tgcc -static -O2 -o criu/criu criu/main.c\n");
  const tree = { id: `half-made-test-${process.pid}-${Date.now()}`, label: "half-made-test", dir: src, kind: "tree" as const, series: [4, 1] as [number, number] };
  const entries = async () => (await readdir(cacheDir("builds"))).filter((n) => n.startsWith(tree.id)).map((n) => cacheDir("builds", n));
  try {
    const first = await buildCriu(tree);
    expect(first).toMatchObject({ cached: false, version: "9.9.9" });
    const criu = join(first.outDir, "criu");
    const whole = await sha256Of(criu);
    await cutInHalf(criu);
    const leftover = `${first.outDir}.partial-${await deadPid()}`;
    await mkdir(leftover);

    const second = await buildCriu(tree);
    expect(second.cached, "the truncated build was taken as whole").toBe(false);
    expect(await sha256Of(criu)).toBe(whole);
    expect((await execa(criu)).stdout).toBe("Version: 9.9.9");
    expect(existsSync(leftover)).toBe(false);
    expect((await buildCriu(tree)).cached).toBe(true);
  } finally {
    for (const e of await entries()) await rm(e, { recursive: true, force: true });
  }
});

test("a truncated compiled program is compiled again", async () => {
  await tempCacheRoot();
  const image = (await ensureCriuImage(resolveVersions(["4.1.1"])[0]!)).tag;
  const id = await imageId(image);
  const [first] = await compilePrograms(image, id, ["sched_reset_on_fork"]);
  expect(first).toHaveProperty("binary");
  const binary = (first as { binary: string }).binary;
  const whole = await sha256Of(binary);
  await cutInHalf(binary);
  const [again] = await compilePrograms(image, id, ["sched_reset_on_fork"]);
  expect(again).toEqual(first);
  expect(await sha256Of(binary)).toBe(whole);
});

test("a Debian kernel whose vmlinuz was cut short is not booted: the next use downloads it again", async () => {
  await tempCacheRoot();
  // The download runs apt in the suite's real rootfs; the package is made up, so nothing is fetched.
  await symlink(join(REAL_CACHE, "rootfs"), cacheDir("rootfs"));
  const offer: DebianKernelOffer = { suite: "bookworm", package: "linux-image-9.9.9-criu-lab-test", release: "9.9.9-criu-lab-test", version: "9.9.9-1", series: "9.9" };
  const dir = cacheDir("kernels", `debian-${offer.release}`);
  const vmlinuz = join(dir, "boot", `vmlinuz-${offer.release}`);
  await mkdir(join(dir, "boot"), { recursive: true });
  await mkdir(join(dir, "lib/modules", offer.release), { recursive: true });
  await writeFile(vmlinuz, Buffer.alloc(4 << 20, 7));
  await writeFile(join(dir, "lib/modules", offer.release, "modules.dep"), "kernel/drivers/block/virtio_blk.ko:\n");
  await sealDebianKernel(dir, offer);
  expect(await ensureDebianKernel(offer), "a whole, sealed kernel is used as it is").toBe(dir);

  await cutInHalf(vmlinuz);
  await expect(ensureDebianKernel(offer)).rejects.toThrow(/downloading linux-image-9\.9\.9-criu-lab-test failed/);
});

test("a truncated initramfs or modules disk is made again", async () => {
  await tempCacheRoot();
  const kdir = await mkdtemp(join(tmpdir(), "criu-lab-tiny-kernel-"));
  const release = "9.9.9-criu-lab-test";
  const modulesDir = join(kdir, "lib/modules", release);
  await mkdir(join(modulesDir, "kernel/drivers/block"), { recursive: true });
  await writeFile(join(modulesDir, "kernel/drivers/block/virtio_blk.ko"), Buffer.alloc(64 << 10, 1));
  await writeFile(join(modulesDir, "modules.dep"), "kernel/drivers/block/virtio_blk.ko:\n");
  await writeFile(join(kdir, "bzImage"), Buffer.alloc(1 << 20, 2));
  const kernel = { name: kdir, release, vmlinuz: join(kdir, "bzImage"), modulesDir, describe: "a test kernel" };

  const first = await ensureKernelBoot(kernel);
  const initramfs = first.initramfs!;
  const disk = first.modulesDisk!;
  const diskSize = statSync(disk).size;
  const cut = (await cutInHalf(initramfs)) >> 1;
  await cutInHalf(disk);
  expect(await ensureKernelBoot(kernel)).toEqual(first);
  // gzip stamps the time: the new initramfs differs in a few bytes, and is whole.
  expect(statSync(initramfs).size).toBeGreaterThan(cut);
  expect((await execa("gzip", ["-t", initramfs], { reject: false })).exitCode).toBe(0);
  expect((await execa("sh", ["-c", 'gzip -dc "$1" | cpio -t --quiet', "sh", initramfs])).stdout.split("\n")).toEqual(expect.arrayContaining(["init", "modules/virtio_blk.ko"]));
  expect(statSync(disk).size).toBe(diskSize);
  expect((await execa("e2fsck", ["-fn", disk], { reject: false })).exitCode).toBe(0);
});

describe("VM root disks", () => {
  const tag = `criu-lab/test-half-made-disk:${process.pid}`;
  beforeEach(async () => {
    // A tiny image (a few files) stands in for a CRIU image: the disk is made from it the same way.
    const dir = await mkdtemp(join(tmpdir(), "criu-lab-tiny-image-"));
    await mkdir(join(dir, "etc"));
    await writeFile(join(dir, "etc/hello"), "hello\n");
    await execa("sh", ["-c", 'tar -C "$1" -c . | docker import --change "LABEL criu-lab.image=test" - "$2"', "sh", dir, tag]);
  });
  afterEach(async () => {
    await execa("docker", ["rmi", tag], { reject: false });
  });

  test("a VM root disk cut short is made again", async () => {
    await tempCacheRoot();
    const disk = await ensureRootfsDisk(tag);
    const size = statSync(disk).size;
    await cutInHalf(disk);
    expect(await ensureRootfsDisk(tag)).toBe(disk);
    expect(statSync(disk).size).toBe(size);
    expect((await execa("e2fsck", ["-fn", disk], { reject: false })).exitCode).toBe(0);
  });
});
