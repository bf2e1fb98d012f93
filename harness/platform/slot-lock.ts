// One of N slots, across processes: slot files locked with flock(2) by a small `sh` that holds the
// one it got. Waiters queue on a gate lock (blocked in the kernel), so only the first in line polls
// the slots. A holder that dies drops its slot at once; nothing stale is left to take over.
import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { HostError } from "./errors.js";
import { logger } from "./log.js";

const log = logger("locks");

const TAKER = `
dir=$1; n=$2
exec 8>>"$dir/gate" || exit 3
flock 8 || exit 3
while :; do
  i=0
  while [ "$i" -lt "$n" ]; do
    exec 9>>"$dir/slot-$i" || exit 3
    if flock -n 9; then exec 8>&-; echo "slot $i"; read -r _ || true; exit 0; fi
    exec 9>&-
    i=$((i+1))
  done
  kill -0 "$PPID" 2>/dev/null || exit 4
  sleep 0.02
done
`;

export interface Slot {
  index: number;
  release(): Promise<void>;
}

/** Waits for one of slots 0..count-1 under `dir` (files slot-<i> and gate, never removed). */
export async function takeSlot(dir: string, count: number): Promise<Slot> {
  await mkdir(dir, { recursive: true });
  const child = spawn("sh", ["-c", TAKER, "criu-lab-slot", dir, String(count)], { stdio: ["pipe", "pipe", "pipe"] });
  const index = await new Promise<number>((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /slot (\d+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.once("error", (e) => reject(new HostError(`cannot take a slot in ${dir}: ${e.message}`)));
    child.once("exit", (code) => reject(new HostError(`cannot take a slot in ${dir}: exit ${code ?? "by signal"} ${err.trim()}`.trim(), { hint: "flock(1) from util-linux is needed" })));
  });
  log("slot %d of %d in %s (holder %d)", index, count, dir, child.pid);
  let released: Promise<void> | undefined;
  return {
    index,
    release: () =>
      (released ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.stdin.end();
      })),
  };
}

export async function withSlot<T>(dir: string, count: number, work: (index: number) => Promise<T>): Promise<T> {
  const slot = await takeSlot(dir, count);
  try {
    return await work(slot.index);
  } finally {
    await slot.release();
  }
}
