// An engine of criu-lab's own beside the system's: dockerd with its socket, data, exec root and
// pidfile in one directory, used through DOCKER_HOST. criu-lab records that it started it (in that
// directory), so when it dies any later command starts it again with the same flags.
import { execa } from "execa";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { HostError, InputError } from "../platform/errors.js";
import { pidAlive } from "../platform/pid-alive.js";
import { spawnDockerd } from "./dockerd.js";
import { pingEngine, waitForEngine, type EngineInfo } from "./engine-ping.js";

const RECORD = "criu-lab-engine.json";

export interface PrivateEngine {
  dir: string;
  /** What DOCKER_HOST must say to use it. */
  dockerHost: string;
  pidfile: string;
  log: string;
  /** dockerd's flags beyond DOCKERD_FLAGS: everything of its own lives in dir. */
  flags: string[];
}

interface EngineRecord {
  startedBy: "criu-lab";
  dockerHost: string;
  startedAt: string;
}

export function privateEngine(dir: string): PrivateEngine {
  const abs = resolve(dir);
  const socket = join(abs, "docker.sock");
  const pidfile = join(abs, "dockerd.pid");
  return {
    dir: abs,
    dockerHost: `unix://${socket}`,
    pidfile,
    log: join(abs, "dockerd.log"),
    flags: ["--host", `unix://${socket}`, "--data-root", join(abs, "data"), "--exec-root", join(abs, "exec"), "--pidfile", pidfile],
  };
}

/** The engine criu-lab started for this DOCKER_HOST, if it did (its record sits beside the socket). */
export function recordedEngine(dockerHost: string): PrivateEngine | undefined {
  if (!dockerHost.startsWith("unix://")) return undefined;
  const dir = dirname(new URL(dockerHost).pathname);
  const record = join(dir, RECORD);
  if (!existsSync(record)) return undefined;
  const r = JSON.parse(readFileSync(record, "utf8")) as Partial<EngineRecord>;
  const engine = privateEngine(dir);
  return r.startedBy === "criu-lab" && r.dockerHost === engine.dockerHost ? engine : undefined;
}

/** dockerd's pid from its pidfile, when that process is alive. */
function runningPid(e: PrivateEngine): number | undefined {
  const pid = existsSync(e.pidfile) ? Number(readFileSync(e.pidfile, "utf8").trim()) : NaN;
  return Number.isSafeInteger(pid) && pid > 0 && pidAlive(pid) ? pid : undefined;
}

/** Starts the engine (or finds it answering); the record is written first, so a crash mid-start is still ours. */
export async function startPrivateEngine(e: PrivateEngine): Promise<EngineInfo> {
  const answering = await pingEngine({ dockerHost: e.dockerHost });
  if (answering) return answering;
  const pid = runningPid(e);
  if (pid !== undefined) {
    throw new HostError(`criu-lab's engine in ${e.dir} (dockerd pid ${pid}) runs but does not answer at ${e.dockerHost}`, {
      hint: `read ${e.log}; stop it with \`criu-lab engine stop ${e.dir}\``,
    });
  }
  await mkdir(e.dir, { recursive: true });
  const record: EngineRecord = { startedBy: "criu-lab", dockerHost: e.dockerHost, startedAt: new Date().toISOString() };
  await writeFileAtomic(join(e.dir, RECORD), `${JSON.stringify(record, null, 2)}\n`);
  // A killed dockerd leaves its pidfile; a stale one (its pid maybe reused since) would stop the new one.
  await rm(e.pidfile, { force: true });
  spawnDockerd({ extra: e.flags, logFile: e.log });
  const info = await waitForEngine({ seconds: 60, dockerHost: e.dockerHost });
  if (!info) throw new HostError(`criu-lab's engine in ${e.dir} did not answer within 60 s`, { hint: `read ${e.log}` });
  return { ...info, startedLog: e.log };
}

/** Mount points under dir (overlay layers, the engine's own mounts): a clean stop leaves none. */
async function mountsUnder(dir: string): Promise<string[]> {
  const table = await readFile("/proc/self/mountinfo", "utf8");
  return table.split("\n").map((l) => l.split(" ")[4] ?? "").filter((m) => m === dir || m.startsWith(`${dir}/`));
}

/**
 * Stops the engine (SIGTERM: dockerd stops its containers and its containerd) and forgets it, so
 * nothing starts it again; `purge` also deletes its directory, images and all.
 */
export async function stopPrivateEngine(dir: string, options: { purge?: boolean } = {}): Promise<void> {
  const e = privateEngine(dir);
  if (!existsSync(join(e.dir, RECORD))) throw new InputError(`${e.dir} holds no engine criu-lab started`, { hint: "criu-lab engine start DIR makes one" });
  const pid = runningPid(e);
  if (pid !== undefined) {
    process.kill(pid, "SIGTERM");
    for (let i = 0; i < 600 && pidAlive(pid); i++) await sleep(100);
    if (pidAlive(pid)) process.kill(pid, "SIGKILL");
  }
  await rm(join(e.dir, RECORD), { force: true });
  if (!options.purge) return;
  // dockerd binds its data root onto itself and leaves that mount behind: everything under dir is its own.
  for (const m of (await mountsUnder(e.dir)).reverse()) await execa("umount", [m], { reject: false });
  const left = await mountsUnder(e.dir);
  if (left.length > 0) throw new HostError(`criu-lab's engine in ${e.dir} stopped but left ${left.length} mount(s), e.g. ${left[0]}`, { hint: "unmount them, then remove the directory" });
  await rm(e.dir, { recursive: true, force: true });
}
