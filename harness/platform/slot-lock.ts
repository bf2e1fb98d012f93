// One of N slots, across processes: slot files locked with flock(1), each lock held by a small
// `flock FILE sh` that keeps it until its stdin closes (a holder that dies drops its slot at once;
// nothing stale is left to take over). Waiters queue on a gate lock; the first in line waits for
// every slot at once with one blocked flock each, so nobody polls (a polling waiter started three
// processes every 20 ms on a host whose cores the cells need).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { HostError } from "./errors.js";
import { logger } from "./log.js";

const log = logger("locks");

/** Prints once the lock is held, then holds it until stdin closes (flock -o keeps it off the shell). */
const HOLD = 'echo locked; read -r _ || true';

interface Held {
  release(): Promise<void>;
}

interface Attempt {
  /** The held lock, or undefined when `nowait` found it busy. */
  held: Promise<Held | undefined>;
  /** Gives up: a waiting flock is killed, a held lock released. */
  cancel(): void;
}

function lockFile(file: string, { nowait }: { nowait: boolean }): Attempt {
  const child: ChildProcessWithoutNullStreams = spawn("flock", [...(nowait ? ["-n"] : []), "-o", file, "sh", "-c", HOLD], { stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const release = async () => {
    child.stdin.end();
    await exited;
  };
  const held = new Promise<Held | undefined>((resolve, reject) => {
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) resolve({ release });
    });
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.once("error", (e) => reject(new HostError(`cannot lock ${file}: ${e.message}`, { hint: "flock(1) from util-linux is needed" })));
    child.once("exit", (code) => {
      if (nowait && code === 1) return resolve(undefined);
      reject(new HostError(`cannot lock ${file}: exit ${code ?? "by signal"} ${err.trim()}`.trim(), { hint: "flock(1) from util-linux is needed" }));
    });
  });
  held.catch(() => undefined);
  return {
    held,
    cancel: () => {
      child.stdin.end();
      child.kill("SIGKILL");
    },
  };
}

export interface Slot {
  index: number;
  release(): Promise<void>;
}

/** The first slot to come free, with one blocked flock per slot; the others are called off. */
async function firstFree(files: string[]): Promise<{ index: number; held: Held }> {
  const attempts = files.map((f) => lockFile(f, { nowait: false }));
  let winner = -1;
  try {
    const first = await Promise.race(attempts.map((a, index) => a.held.then((held) => ({ index, held: held! }))));
    winner = first.index;
    return first;
  } finally {
    // Every other attempt is called off, held or not (two slots may come free at once).
    attempts.forEach((a, i) => i !== winner && a.cancel());
  }
}

/** A lock that a blocking attempt must get (or fail on). */
async function waitFor(file: string): Promise<Held> {
  const held = await lockFile(file, { nowait: false }).held;
  if (!held) throw new HostError(`cannot lock ${file}`);
  return held;
}

/** Waits for one of slots 0..count-1 under `dir` (files slot-<i> and gate, never removed). */
export async function takeSlot(dir: string, count: number): Promise<Slot> {
  await mkdir(dir, { recursive: true });
  const gate = await waitFor(join(dir, "gate"));
  try {
    const files = Array.from({ length: count }, (_, i) => join(dir, `slot-${i}`));
    for (const [index, file] of files.entries()) {
      const held = await lockFile(file, { nowait: true }).held;
      if (held) return slot(index, held, dir, count);
    }
    const { index, held } = await firstFree(files);
    return slot(index, held, dir, count);
  } finally {
    await gate.release();
  }
}

function slot(index: number, held: Held, dir: string, count: number): Slot {
  log("slot %d of %d in %s", index, count, dir);
  let released: Promise<void> | undefined;
  return { index, release: () => (released ??= held.release()) };
}

/** Runs work in a slot; work may release it early (its release is idempotent). */
export async function withSlot<T>(dir: string, count: number, work: (slot: Slot) => Promise<T>): Promise<T> {
  const slot = await takeSlot(dir, count);
  try {
    return await work(slot);
  } finally {
    await slot.release();
  }
}
