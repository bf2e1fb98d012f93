// Caps how many cells run at once across all vitest workers (one per core by default):
// a slot is a file created exclusively; a dead owner's slot is reclaimed.
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pidAlive } from "../platform/pid-alive.js";


async function tryTake(file: string): Promise<boolean> {
  try {
    const fh = await open(file, "wx");
    await fh.writeFile(String(process.pid));
    await fh.close();
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    const owner = Number(await readFile(file, "utf8").catch(() => ""));
    if (owner > 0 && !pidAlive(owner)) await rm(file, { force: true });
    return false;
  }
}

export async function withCellSlot<T>(runId: string, slots: number, work: () => Promise<T>): Promise<T> {
  const dir = join(tmpdir(), `criu-lab-slots-${runId}`);
  await mkdir(dir, { recursive: true });
  for (;;) {
    for (let i = 0; i < slots; i++) {
      const file = join(dir, `slot-${i}`);
      if (await tryTake(file)) {
        try {
          return await work();
        } finally {
          await rm(file, { force: true });
        }
      }
    }
    await sleep(100);
  }
}

/**
 * Holds named locks (a VM is one: its cells run one at a time) while work runs. Taken in sorted
 * order, so two cells that need the same two VMs never wait on each other crosswise.
 */
export async function withNamedLocks<T>(runId: string, names: readonly string[], work: () => Promise<T>): Promise<T> {
  if (names.length === 0) return work();
  const dir = join(tmpdir(), `criu-lab-locks-${runId}`);
  await mkdir(dir, { recursive: true });
  const files = [...new Set(names)].sort().map((n) => join(dir, n.replace(/[^\w.-]/g, "_")));
  const held: string[] = [];
  try {
    for (const f of files) {
      while (!(await tryTake(f))) await sleep(100);
      held.push(f);
    }
    return await work();
  } finally {
    for (const f of held) await rm(f, { force: true });
  }
}
