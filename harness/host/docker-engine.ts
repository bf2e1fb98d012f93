// Finds the Docker engine the user has, or starts Debian's dockerd with the flags these hosts need.
import { execa } from "execa";
import { spawn } from "node:child_process";
import { openSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { HostError } from "../platform/errors.js";
import { logger } from "../platform/log.js";
import { ensureCacheDir } from "../platform/cache-dir.js";
import { ensureDebianPackages, isDebianLikeRoot } from "../platform/debian-packages.js";

const log = logger("host");

export interface EngineInfo {
  serverVersion: string;
  apiVersion: string;
  kernel: string;
  /** Where the engine answers: DOCKER_HOST or the default socket. */
  endpoint: string;
  /** Set when criu-lab started dockerd itself; its log is kept here. */
  startedLog?: string;
}

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

/** Where the engine answers: DOCKER_HOST, or the default socket. */
export function engineEndpoint(): string {
  return process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
}

export async function pingEngine(options: { timeoutMs?: number } = {}): Promise<EngineInfo | undefined> {
  const r = await execa("docker", ["version", "--format", "{{json .Server}}"], {
    reject: false,
    timeout: options.timeoutMs ?? 10_000,
  });
  if (r.exitCode !== 0 || !r.stdout.trim().startsWith("{")) {
    log("engine did not answer: %s", (r.stderr || `exit ${String(r.exitCode)}`).split("\n")[0] ?? "");
    return undefined;
  }
  const server = JSON.parse(r.stdout) as { Version?: string; ApiVersion?: string; KernelVersion?: string };
  return {
    serverVersion: server.Version ?? "unknown",
    apiVersion: server.ApiVersion ?? "unknown",
    kernel: server.KernelVersion ?? "unknown",
    endpoint: engineEndpoint(),
  };
}

async function startDockerd(): Promise<string> {
  const logFile = `${await ensureCacheDir("engine")}/dockerd.log`;
  process.stderr.write(`criu-lab: starting dockerd ${DOCKERD_FLAGS.join(" ")} (log: ${logFile})\n`);
  const out = openSync(logFile, "a");
  // Detached: the engine outlives this run, like a system service would.
  const child = spawn("dockerd", [...DOCKERD_FLAGS], { detached: true, stdio: ["ignore", out, out] });
  child.unref();
  return logFile;
}

/** The engine the user has, or one started here; throws with what to do when neither works. */
export async function ensureEngine(): Promise<EngineInfo> {
  const running = await pingEngine();
  if (running) return running;
  if (process.env.DOCKER_HOST) {
    throw new HostError(`the Docker engine at DOCKER_HOST=${process.env.DOCKER_HOST} does not answer`, {
      hint: "start that engine, or unset DOCKER_HOST to let criu-lab start a local one",
    });
  }
  if (!isDebianLikeRoot()) {
    throw new HostError("no Docker engine answers at /var/run/docker.sock", {
      hint: "start Docker (dockerd), or run criu-lab as root on Debian so it can install and start docker.io",
    });
  }
  await ensureDebianPackages(["docker.io"], "the Docker engine");
  const logFile = await startDockerd();
  for (let i = 0; i < 60; i++) {
    await sleep(1000);
    const info = await pingEngine();
    if (info) return { ...info, startedLog: logFile };
  }
  throw new HostError(`dockerd did not answer within 60 s`, { hint: `read ${logFile}` });
}
