// Starting Debian's dockerd with the flags these hosts need, detached, its output in a log file.
import { spawn } from "node:child_process";
import { openSync, writeSync } from "node:fs";

/**
 * The flags measured on these hosts: no docker0 bridge (no private-range address), no iptables,
 * and a realtime CPU budget so containers may use SCHED_FIFO.
 */
export const DOCKERD_FLAGS = [
  "--bridge=none",
  "--iptables=false",
  "--ip6tables=false",
  "--cpu-rt-runtime=950000",
] as const;

/**
 * Starts dockerd with DOCKERD_FLAGS and `extra`; it outlives this process, like a system service
 * would. `setsid --fork` makes it init's child at once, not ours: a run that kills what it started
 * (its vitest workers, on Ctrl-C or after it closed) must not kill the engine with them.
 */
export function spawnDockerd(options: { extra?: readonly string[]; logFile: string }): void {
  const out = openSync(options.logFile, "a");
  const child = spawn("setsid", ["--fork", "dockerd", ...DOCKERD_FLAGS, ...(options.extra ?? [])], { detached: true, stdio: ["ignore", out, out] });
  // A dockerd that cannot start at all shows as an engine that never answers (with its log).
  child.on("error", (e) => writeSync(out, `criu-lab: could not start dockerd: ${String(e)}\n`));
  child.unref();
}
