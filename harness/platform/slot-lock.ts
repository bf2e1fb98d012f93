// One of N slots, across processes: slot files held with file-lock.ts (flock(2), a holder process
// per lock: a holder that dies drops its slot at once; nothing stale is left to take over). Waiters
// queue on a gate lock; the first in line waits for every slot at once with one blocked holder
// each, so nobody polls (a polling waiter started three processes every 20 ms on a host whose
// cores the cells need).
import { join } from "node:path";
import { lockFile, tryLockFile, type HeldLock } from "./file-lock.js";
import { logger } from "./log.js";

const log = logger("locks");

export interface Slot {
  index: number;
  release(): Promise<void>;
}

/** The first slot to come free, with one blocked holder per slot; the others are called off. */
async function firstFree(files: string[]): Promise<{ index: number; held: HeldLock }> {
  const calls = files.map(() => new AbortController());
  const attempts = files.map((file, index) => lockFile(file, { signal: calls[index]!.signal }).then((held) => ({ index, held })));
  for (const a of attempts) a.catch(() => undefined);
  let winner = -1;
  try {
    const first = await Promise.race(attempts);
    winner = first.index;
    return first;
  } finally {
    // Every other attempt is called off, held or not (two slots may come free at once).
    calls.forEach((c, i) => i !== winner && c.abort());
  }
}

/** Waits for one of slots 0..count-1 under `dir` (files slot-<i> and gate, never removed). */
export async function takeSlot(dir: string, count: number): Promise<Slot> {
  const gate = await lockFile(join(dir, "gate"));
  try {
    const files = Array.from({ length: count }, (_, i) => join(dir, `slot-${i}`));
    for (const [index, file] of files.entries()) {
      const held = await tryLockFile(file);
      if (held) return slot(index, held, dir, count);
    }
    const { index, held } = await firstFree(files);
    return slot(index, held, dir, count);
  } finally {
    await gate.release();
  }
}

function slot(index: number, held: HeldLock, dir: string, count: number): Slot {
  log("slot %d of %d in %s", index, count, dir);
  return { index, release: () => held.release() };
}

export async function withSlot<T>(dir: string, count: number, work: (index: number) => Promise<T>): Promise<T> {
  const slot = await takeSlot(dir, count);
  try {
    return await work(slot.index);
  } finally {
    await slot.release();
  }
}
