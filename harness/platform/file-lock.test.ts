import { execa, type ResultPromise } from "execa";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, test } from "vitest";
import { holdUntilExit, lockFile, tryLockFile, withFileLock } from "./file-lock.js";

const HOLD = fileURLToPath(new URL("../../test/support/hold-lock.ts", import.meta.url));
const children: ResultPromise[] = [];

/** Another process (node) holding the lock; resolves once it says so (wrapped: a subprocess is a thenable). */
async function otherProcess(path: string, mode: "shared" | "exclusive", how: "life" | "scoped" = "scoped"): Promise<{ child: ResultPromise }> {
  const child = execa("node", ["--import", "tsx", HOLD, path, mode, how], { reject: false, buffer: false });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("locked") && resolve());
    void child.then((r) => reject(new Error(`holder exited ${r.exitCode}`)));
  });
  return { child };
}

afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

/** Lock holder processes (the `sh` of file-lock.ts) for this path. */
function holdersOf(path: string): number[] {
  return readdirSync("/proc").filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      const argv = readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0");
      return argv.includes("criu-lab-lock") && argv.includes(path);
    } catch {
      return false;
    }
  }).map(Number);
}

async function tempLock(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), "criu-lab-lock-test-")), "sub", "x.lock");
}

describe("file locks across processes", () => {
  test("an exclusive lock held by another process keeps us out until that process is SIGKILLed; then it is ours at once", async () => {
    const path = await tempLock();
    const { child: other } = await otherProcess(path, "exclusive");
    expect(await tryLockFile(path)).toBeUndefined();
    other.kill("SIGKILL");
    await other;
    // The kernel dropped the dead process's lock: no stale-lock timeout, no takeover step.
    const started = Date.now();
    const mine = await lockFile(path);
    expect(Date.now() - started).toBeLessThan(2_000);
    await mine.release();
  }, 20_000);

  test("processes waiting on a dead process's lock take it one at a time", async () => {
    const path = await tempLock();
    const log = join(path, "..", "log");
    const { child: holder } = await otherProcess(path, "exclusive");
    const waiters = [1, 2, 3, 4].map(() => execa("node", ["--import", "tsx", HOLD, path, "exclusive", "brief", log], { reject: false }));
    await sleep(1_500);
    holder.kill("SIGKILL");
    const done = await Promise.all(waiters);
    expect(done.map((d) => d.exitCode)).toEqual([0, 0, 0, 0]);
    const lines = readFileSync(log, "utf8").trim().split("\n");
    expect(lines).toHaveLength(8);
    // Never two inside at once: every "in" is followed by the same process's "out".
    for (let i = 0; i < lines.length; i += 2) expect(lines[i + 1]).toBe(lines[i]!.replace(" in", " out"));
  }, 30_000);

  test("a lock held until exit (holdUntilExit) is dropped when its process dies", async () => {
    const path = await tempLock();
    const { child: other } = await otherProcess(path, "exclusive", "life");
    expect(await tryLockFile(path, { mode: "shared" })).toBeUndefined();
    other.kill("SIGKILL");
    await other;
    const mine = await lockFile(path, { mode: "shared" });
    await mine.release();
  }, 20_000);

  test("shared locks coexist; an exclusive one waits for every shared holder", async () => {
    const path = await tempLock();
    await otherProcess(path, "shared");
    const second = await tryLockFile(path, { mode: "shared" });
    expect(second).toBeDefined();
    expect(await tryLockFile(path)).toBeUndefined();
    await second!.release();
    expect(await tryLockFile(path)).toBeUndefined();
  }, 20_000);

  test("waiters on one lock run one at a time, also within one process", async () => {
    const path = await tempLock();
    const log: string[] = [];
    const job = (name: string) => withFileLock(path, async () => {
      log.push(`${name}:start`);
      await sleep(50);
      log.push(`${name}:end`);
    });
    await Promise.all([job("a"), job("b"), job("c")]);
    for (let i = 0; i < log.length; i += 2) expect(log[i + 1]).toBe(log[i]!.replace("start", "end"));
  });

  test("a lock file removed while someone waits on it is not handed out twice", async () => {
    const path = await tempLock();
    const first = await lockFile(path);
    const waiting = lockFile(path);
    await sleep(200);
    // The holder removes the file (as gc removes unused lock files), then lets go.
    await rm(path);
    const newcomer = await lockFile(path);
    await first.release();
    // The waiter got the old file's lock, saw it was no longer at the path, and now waits on the new one.
    const raced = await Promise.race([waiting.then(() => "waiter got it"), sleep(500).then(() => "waiter still waits")]);
    expect(raced).toBe("waiter still waits");
    await newcomer.release();
    await (await waiting).release();
  }, 20_000);

  test("holdUntilExit takes one lock per path however often it is asked", async () => {
    const path = await tempLock();
    await Promise.all([holdUntilExit(path), holdUntilExit(path)]);
    expect(holdersOf(path)).toHaveLength(1);
    expect(await tryLockFile(path)).toBeUndefined();
  });
});
