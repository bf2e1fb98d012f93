// Every CRIU container runs with a memory and a pid limit, so a program that eats all memory or
// fork-bombs stops at its container and the host stays up. This says whether a limit was hit, read
// from inside the container (its own cgroup, v1 or v2), in words for the cell.
import type { CommandRunner } from "../platform/command-runner.js";

/**
 * 1 GiB. The largest scenario, large-dirty-region, dirties 256 MiB and keeps it across two dumps and
 * restores: its container peaked at 787 MiB (memory.max_usage_in_bytes, the images' page cache
 * included, which the kernel reclaims before it kills). Every other scenario stayed under 25 MiB
 * (a clone scenario, 4 restores at once: 23 MiB). Measured under this limit with CRIU 4.1.1,
 * every scenario, 2026-11-25. No swap beyond it (memory-swap = memory): a hog is killed, not paged out.
 */
export const CELL_MEMORY_LIMIT_MIB = 1024;

/**
 * 256 processes and threads. The most any scenario reached was 19 (pids.peak, a clone scenario: 4
 * restores at once, each with its criu and its copy); process-tree 17, rseq-threads 13. Measured
 * with CRIU 4.1.1, every scenario, 2026-11-25. A fork bomb stops at 256, which costs the host nothing.
 */
export const CELL_PIDS_LIMIT = 256;

/** The cgroup files, v2 then v1, with the counter that says the limit stopped something. */
const COUNTERS = [
  { file: "/sys/fs/cgroup/memory.events", key: "oom_kill", kind: "memory" },
  { file: "/sys/fs/cgroup/memory/memory.oom_control", key: "oom_kill", kind: "memory" },
  { file: "/sys/fs/cgroup/pids.events", key: "max", kind: "pids" },
  { file: "/sys/fs/cgroup/pids/pids.events", key: "max", kind: "pids" },
] as const;

/** Each counter line as "<file> <key> <value>". */
const READ = COUNTERS.map((c) => `[ -r ${c.file} ] && sed "s|^|${c.file} |" ${c.file}`).join("; ");

export function describeLimitHit(kind: "memory" | "pids", count: number): string {
  return kind === "memory"
    ? `killed by the kernel: out of memory (container limit ${CELL_MEMORY_LIMIT_MIB} MiB; ${count} process(es) killed)`
    : `fork failed: pid limit (${CELL_PIDS_LIMIT} processes and threads) reached ${count} time(s)`;
}

/** Parses READ's output: the first limit that was hit, in words; undefined when none was. */
export function limitHitIn(output: string): string | undefined {
  for (const c of COUNTERS) {
    const line = output.split("\n").find((l) => l.startsWith(`${c.file} ${c.key} `));
    const count = Number(line?.split(" ")[2]);
    if (count > 0) return describeLimitHit(c.kind, count);
  }
  return undefined;
}

/** Whether the container's memory or pid limit has stopped something since it started. */
export async function limitHit(container: CommandRunner): Promise<string | undefined> {
  const r = await container.run(["sh", "-c", `${READ}; true`]);
  return limitHitIn(r.output);
}
