// Kills every process below this one. vitest's worker forks outlive an interrupted parent
// (reparented to init), so Ctrl-C must end them itself. Synchronous: it runs in signal handlers.
import { readFileSync, readdirSync } from "node:fs";

function parentOf(pid: number): number | undefined {
  try {
    // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

export function descendantsOf(root: number, parents = new Map<number, number>()): number[] {
  if (parents.size === 0) {
    for (const name of readdirSync("/proc")) {
      const pid = Number(name);
      const ppid = Number.isInteger(pid) ? parentOf(pid) : undefined;
      if (ppid !== undefined) parents.set(pid, ppid);
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const p = queue.shift()!;
    for (const [child, parent] of parents) {
      if (parent === p) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

export function killDescendants(signal: NodeJS.Signals = "SIGKILL"): void {
  for (const pid of descendantsOf(process.pid)) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
