import { execa, type ResultPromise } from "execa";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, expect, test } from "vitest";
import { takeSlot, withSlot } from "./slot-lock.js";

const HOLD = fileURLToPath(new URL("../../test/support/hold-slot.ts", import.meta.url));
const children: ResultPromise[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

/** Another process holding a slot; wrapped, since a subprocess is a thenable. */
async function otherProcess(dir: string, count: number): Promise<{ child: ResultPromise; index: number }> {
  const child = execa("node", ["--import", "tsx", HOLD, dir, String(count)], { reject: false, buffer: false });
  children.push(child);
  const index = await new Promise<number>((resolve) => child.stdout!.on("data", (d: Buffer) => resolve(Number(/slot (\d+)/.exec(d.toString())?.[1]))));
  return { child, index };
}

test("never more than N at once; every taker gets a slot in the end", async () => {
  const dir = await mkdtemp(join(tmpdir(), "criu-lab-slots-test-"));
  let inside = 0;
  let most = 0;
  const seen = new Set<number>();
  await Promise.all(Array.from({ length: 8 }, () => withSlot(dir, 2, async (i) => {
    seen.add(i);
    most = Math.max(most, ++inside);
    // Until two are in at once (each take starts a flock holder, slow on a loaded host), then a while.
    for (const until = Date.now() + 10_000; most < 2 && Date.now() < until;) await sleep(10);
    await sleep(60);
    inside--;
  })));
  expect(most).toBe(2);
  expect([...seen].sort()).toEqual([0, 1]);
}, 30_000);

test("a slot held by another process is taken by nobody else until that process is SIGKILLed", async () => {
  const dir = await mkdtemp(join(tmpdir(), "criu-lab-slots-test-"));
  const { child, index } = await otherProcess(dir, 1);
  expect(index).toBe(0);
  const waiting = takeSlot(dir, 1);
  const early = await Promise.race([waiting.then(() => "taken"), sleep(700).then(() => "waits")]);
  expect(early).toBe("waits");
  child.kill("SIGKILL");
  const mine = await waiting;
  expect(mine.index).toBe(0);
  await mine.release();
}, 30_000);

test("the first in line waits for whichever slot comes free, with no process polling", async () => {
  const dir = await mkdtemp(join(tmpdir(), "criu-lab-slots-test-"));
  const held = await Promise.all([takeSlot(dir, 2), takeSlot(dir, 2)]);
  expect(held.map((h) => h.index).sort()).toEqual([0, 1]);
  const waiting = takeSlot(dir, 2);
  await sleep(300);
  // The same processes below this one a while later (the holders and their blocked flocks): nothing polls.
  const below = async () => {
    const rows = (await execa("ps", ["-e", "-o", "pid=,ppid=,comm="])).stdout.split("\n").map((l) => l.trim().split(/\s+/));
    const tree = new Set([String(process.pid)]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, ppid, comm] of rows) if (pid && ppid && tree.has(ppid) && !tree.has(pid) && comm !== "ps") tree.add(pid), (grew = true);
    }
    tree.delete(String(process.pid));
    return [...tree].sort();
  };
  const first = await below();
  await sleep(300);
  expect(first.length).toBeGreaterThan(0);
  expect(await below()).toEqual(first);
  // Promise.all keeps the call order, not the slot order: free the holder of slot 1 by its index.
  const [freed, kept] = held[0]!.index === 1 ? [held[0]!, held[1]!] : [held[1]!, held[0]!];
  await freed.release();
  const mine = await waiting;
  expect(mine.index).toBe(1);
  await Promise.all([kept.release(), mine.release()]);
}, 30_000);
