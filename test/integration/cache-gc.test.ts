// criu-lab gc and its budget, for real: a cache root in a temp dir filled with real entries (builds,
// VM disks and boot files made by criu-lab's own code, a copy of a real rootfs, small Docker images
// of a test repository), each last used at a known time. gc removes killed runs' leftovers, then the
// least recently used entries until the budget holds, and never one a live process uses.
import { execa, type ResultPromise } from "execa";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { collectGarbage, listCaches, type GcReport } from "../../harness/caches/collect-garbage.js";
import { formatSize } from "../../harness/caches/size-text.js";
import { baseImageFor } from "../../harness/images/base-image.js";
import { DONE_MARKER } from "../../harness/images/debootstrap-rootfs.js";
import { cacheDir } from "../../harness/platform/cache-dir.js";
import { entryLockPath } from "../../harness/platform/cache-entry.js";
import { sealDir } from "../../harness/platform/cache-seal.js";
import type { CacheItem } from "../../harness/caches/cache-items.js";
import { criuLab } from "../support/cli.js";

const REPO = "criu-lab/test-gc";
const TAGS = [1, 2].map((n) => `${REPO}:${process.pid}-${n}`);
const REAL_ROOTFS = join(cacheDir(), "rootfs", `bookworm-${baseImageFor("bookworm").key}`);
const saved = process.env.CRIU_LAB_CACHE;
let root: string;
let holder: ResultPromise | undefined;

/** A small image of its own (a few files, different per n): what gc sees as a criu-lab image. */
async function tinyImage(tag: string, n: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "criu-lab-gc-image-"));
  await writeFile(join(dir, "payload"), Buffer.alloc(n << 20, n));
  await execa("sh", ["-c", 'tar -C "$1" -c . | docker import --change "LABEL criu-lab.image=test" - "$2"', "sh", dir, tag]);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "criu-lab-gc-"));
  process.env.CRIU_LAB_CACHE = join(root, "cache");
  for (const [n, tag] of TAGS.entries()) await tinyImage(tag, n + 1);
  // Made by another process that then exits, as a finished run does: nothing holds them now.
  const fill = await execa("node", ["--import", "tsx", fileURLToPath(new URL("../support/fill-cache.ts", import.meta.url)), join(root, "work"), ...TAGS], { all: true, reject: false });
  expect(fill.exitCode, fill.all).toBe(0);
  // A small copy of a real rootfs, with the marker debootstrap-rootfs.ts writes last.
  const rootfs = cacheDir("rootfs", "bookworm-gc-test");
  await cp(join(REAL_ROOTFS, "etc"), join(rootfs, "etc"), { recursive: true });
  await sealDir(rootfs, { marker: DONE_MARKER });
}, 300_000);

afterAll(async () => {
  holder?.kill("SIGKILL");
  if (saved === undefined) delete process.env.CRIU_LAB_CACHE;
  else process.env.CRIU_LAB_CACHE = saved;
  const left = (await execa("docker", ["images", REPO, "--format", "{{.Repository}}:{{.Tag}}"])).stdout.split("\n").filter(Boolean);
  if (left.length > 0) await execa("docker", ["rmi", ...left], { reject: false });
});

function sizesTable(r: GcReport): string {
  const total = (s: GcReport["before"]) => Object.values(s).reduce((t, x) => t + x.bytes, 0);
  const cell = (entries: string, bytes: number) => `${entries.padStart(2)} ${entries ? "entries" : "       "} ${formatSize(bytes).padStart(10)}`;
  const kinds = Object.keys(r.before) as (keyof GcReport["before"])[];
  return [
    `gc with a budget of ${formatSize(r.keepBytes)}: before -> after`,
    ...kinds.map((k) => `  ${k.padEnd(9)} ${cell(String(r.before[k].entries), r.before[k].bytes)}  ->  ${cell(String(r.after[k].entries), r.after[k].bytes)}`),
    `  ${"all".padEnd(9)} ${cell("", total(r.before))}  ->  ${cell("", total(r.after))}`,
  ].join("\n");
}

/** Sets an entry's last use (its use lock's time) to `daysAgo`. */
async function usedDaysAgo(item: CacheItem, daysAgo: number): Promise<void> {
  const lock = entryLockPath(item, "use");
  await mkdir(join(lock, ".."), { recursive: true });
  await writeFile(lock, "", { flag: "a" });
  const t = new Date(Date.now() - daysAgo * 86_400_000);
  await utimes(lock, t, t);
}

test("gc removes killed runs' leftovers, then the least recently used entries until the budget holds, never one in use", async () => {
  const { items } = await listCaches({ imageRepository: REPO });
  expect(new Set(items.map((i) => i.kind))).toEqual(new Set(["builds", "rootfs", "vm-disks", "kernels", "images"]));
  // Last used one day apart, oldest first in this order.
  const byAge = [...items].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  for (const [n, item] of byAge.entries()) await usedDaysAgo(item, byAge.length - n);
  // The oldest is in use by a live process (a run would hold it so, for as long as it runs).
  const held = byAge[0]!;
  holder = execa("node", ["--import", "tsx", fileURLToPath(new URL("../support/hold-lock.ts", import.meta.url)), entryLockPath(held, "use"), "shared", "life"], { reject: false, buffer: false });
  await new Promise<void>((resolve) => holder!.stdout!.on("data", () => resolve()));
  // Killed runs' leftovers: a partial build of a dead pid, and a temporary image tag of a dead pid.
  const gone = execa("true");
  await gone;
  const dead = gone.pid!;
  const partial = cacheDir("builds", `gc-test-killed.partial-${dead}`);
  await mkdir(partial, { recursive: true });
  await writeFile(join(partial, "criu"), Buffer.alloc(1 << 20, 3));
  const partialTag = `${REPO}:killed-partial-${dead}`;
  await tinyImage(partialTag, 1);

  const total = items.reduce((s, i) => s + i.bytes, 0);
  const removable = byAge.slice(1);
  // A budget that the three oldest removable entries must go for.
  const keepBytes = total - removable.slice(0, 3).reduce((s, i) => s + i.bytes, 0) + removable[2]!.bytes / 2;
  const report = await collectGarbage({ keepBytes: Math.floor(keepBytes), imageRepository: REPO });
  console.log(sizesTable(report));
  for (const r of report.removed) console.log(`  removed ${r.kind} ${r.name} (${formatSize(r.bytes)}, last used ${new Date(r.lastUse).toISOString()})`);
  for (const r of report.inUse) console.log(`  kept ${r.kind} ${r.name}: in use`);
  for (const l of report.leftovers) console.log(`  removed a killed run's leftover: ${l.path} (${formatSize(l.bytes)})`);

  expect(report.inUse.map((i) => i.name)).toEqual([held.name]);
  expect(report.removed.map((i) => `${i.kind} ${i.name}`)).toEqual(removable.slice(0, 3).map((i) => `${i.kind} ${i.name}`));
  expect(report.leftovers.map((l) => l.path).sort()).toEqual([partial, partialTag].sort());
  expect(existsSync(partial)).toBe(false);
  expect((await execa("docker", ["image", "inspect", partialTag], { reject: false })).exitCode).not.toBe(0);
  const after = Object.values(report.after).reduce((s, k) => s + k.bytes, 0);
  expect(after).toBeLessThanOrEqual(report.keepBytes);
  for (const r of report.removed) {
    const item = items.find((i) => i.kind === r.kind && i.name === r.name)!;
    if (item.kind !== "images") for (const p of item.paths) expect(existsSync(p), p).toBe(false);
  }

  // Once its process is gone, the entry it held is no longer safe from the budget.
  holder.kill("SIGKILL");
  await holder;
  const rest = await collectGarbage({ keepBytes: 0, imageRepository: REPO });
  console.log(sizesTable(rest));
  expect(rest.inUse).toEqual([]);
  expect(rest.removed.map((i) => i.name)).toContain(held.name);
  expect(Object.values(rest.after).reduce((s, k) => s + k.bytes, 0)).toBe(0);
}, 300_000);

test("criu-lab gc --dry-run prints each cache's size before and after, and removes nothing", async () => {
  const r = await criuLab(["gc", "--dry-run", "--keep-size", "1M"], { CRIU_LAB_CACHE: join(root, "empty-cache") });
  expect(r.exitCode, r.all).toBe(0);
  console.log(r.stdout.split("\n").slice(0, 12).join("\n"));
  expect(r.stdout).toMatch(/\| cache \| entries before \| size before \| entries after \| size after \|/);
  expect(r.stdout).toMatch(/^\| builds \| 0 \| 0 B \| 0 \| 0 B \|$/m);
  const bad = await criuLab(["gc", "--keep-size", "lots"]);
  expect(bad.exitCode).toBe(2);
  expect(bad.all.trim()).toBe('criu-lab: --keep-size "lots" is not a size (write a number with K, M, G or T (powers of 1024), e.g. 20G)');
});
