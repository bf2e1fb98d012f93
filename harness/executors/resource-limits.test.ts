import { describe, expect, test } from "vitest";
import { CELL_MEMORY_LIMIT_MIB, CELL_PIDS_LIMIT, limitHitIn } from "./resource-limits.js";

describe("a hit limit is read from the container's cgroup counters (v1 and v2)", () => {
  test.each<[string, string, string | undefined]>([
    ["nothing hit (v1)", "/sys/fs/cgroup/memory/memory.oom_control oom_kill_disable 0\n/sys/fs/cgroup/memory/memory.oom_control oom_kill 0\n/sys/fs/cgroup/pids/pids.events max 0", undefined],
    ["an OOM kill (v1)", "/sys/fs/cgroup/memory/memory.oom_control under_oom 0\n/sys/fs/cgroup/memory/memory.oom_control oom_kill 1", `killed by the kernel: out of memory (container limit ${CELL_MEMORY_LIMIT_MIB} MiB; 1 process(es) killed)`],
    ["forks refused (v1)", "/sys/fs/cgroup/pids/pids.events max 812", `fork failed: pid limit (${CELL_PIDS_LIMIT} processes and threads) reached 812 time(s)`],
    ["an OOM kill (v2)", "/sys/fs/cgroup/memory.events max 40\n/sys/fs/cgroup/memory.events oom 1\n/sys/fs/cgroup/memory.events oom_kill 2", `killed by the kernel: out of memory (container limit ${CELL_MEMORY_LIMIT_MIB} MiB; 2 process(es) killed)`],
    ["memory.events' own max (reclaim) is not a hit", "/sys/fs/cgroup/memory.events max 40\n/sys/fs/cgroup/memory.events oom_kill 0", undefined],
    ["forks refused (v2)", "/sys/fs/cgroup/pids.events max 3", `fork failed: pid limit (${CELL_PIDS_LIMIT} processes and threads) reached 3 time(s)`],
    ["no cgroup files (a VM's root)", "", undefined],
  ])("%s", (_, output, expected) => {
    expect(limitHitIn(output)).toBe(expected);
  });
});
