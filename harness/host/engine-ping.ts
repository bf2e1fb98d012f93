// Whether a Docker engine answers, and where: DOCKER_HOST, or the default socket.
import { execa } from "execa";
import { logger } from "../platform/log.js";

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

/** Where the engine answers: DOCKER_HOST, or the default socket. */
export function engineEndpoint(): string {
  return process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
}

/** The engine's version, or undefined when it does not answer in time. `dockerHost` overrides DOCKER_HOST. */
export async function pingEngine(options: { timeoutMs?: number; dockerHost?: string } = {}): Promise<EngineInfo | undefined> {
  const r = await execa("docker", ["version", "--format", "{{json .Server}}"], {
    reject: false,
    timeout: options.timeoutMs ?? 10_000,
    ...(options.dockerHost ? { env: { DOCKER_HOST: options.dockerHost } } : {}),
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
    endpoint: options.dockerHost ?? engineEndpoint(),
  };
}

/** Pings once a second until the engine answers or `seconds` pass. */
export async function waitForEngine(options: { seconds: number; dockerHost?: string }): Promise<EngineInfo | undefined> {
  for (let i = 0; i < options.seconds; i++) {
    await new Promise((done) => setTimeout(done, 1000));
    const info = await pingEngine({ dockerHost: options.dockerHost });
    if (info) return info;
  }
  return undefined;
}
