import { execa } from "execa";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, test } from "vitest";
import { rootfsLockPath, withRootfsLock } from "./rootfs-lock.js";

let saved: string | undefined;
beforeAll(async () => {
  saved = process.env.CRIU_LAB_CACHE;
  process.env.CRIU_LAB_CACHE = await mkdtemp(join(tmpdir(), "criu-lab-rootfs-lock-"));
});
afterAll(() => {
  if (saved === undefined) delete process.env.CRIU_LAB_CACHE;
  else process.env.CRIU_LAB_CACHE = saved;
});

test("work on one rootfs runs one at a time, in order, and a failure does not block the next", async () => {
  const log: string[] = [];
  const job = (name: string, fail = false) => async () => {
    log.push(`${name}:start`);
    await sleep(30);
    log.push(`${name}:end`);
    if (fail) throw new Error(name);
    return name;
  };
  const results = await Promise.allSettled([
    withRootfsLock("/r/bookworm-1", job("a", true)),
    withRootfsLock("/r/bookworm-1", job("b")),
    withRootfsLock("/r/other", job("c")),
  ]);
  expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
  const ab = log.filter((l) => !l.startsWith("c"));
  expect(ab.indexOf("a:end") === ab.indexOf("a:start") + 1 && ab.indexOf("b:end") === ab.indexOf("b:start") + 1).toBe(true);
});

test("another process holding the rootfs's lock (flock(1), as any process could) keeps our apt out", async () => {
  const path = rootfsLockPath("/r/bookworm-2");
  await withRootfsLock("/r/bookworm-2", async () => undefined); // makes the lock file and its folder
  const other = execa("flock", [path, "sleep", "1.5"]);
  await sleep(300);
  const started = Date.now();
  await withRootfsLock("/r/bookworm-2", async () => undefined);
  expect(Date.now() - started).toBeGreaterThan(800);
  await other;
});
