// VMs that outlive the process that booted them: a bisect's steps are processes of their own, and
// each would otherwise boot its VM again. Each kept VM is a file in the run's VM directory, found by
// the key of what was booted (kernel, root disk, settings); the next process of the same run checks
// that its qemu still lives and its agent answers, and uses it. At most `limit` stay booted (the
// least recently used goes). The run's owner kills them all at its end (stopKeptVms); a killed
// owner's VMs are found by the sweep like any other (sweep-vms.ts: owner pid in their environment).
import { existsSync, rmSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../../platform/atomic-write.js";
import { cacheDir } from "../../platform/cache-dir.js";
import { withFileLock } from "../../platform/file-lock.js";
import { logger } from "../../platform/log.js";
import { AgentClient } from "./agent-client.js";
import { killVm, type RunningVm } from "./qemu-vm.js";
import { listVms, sweepRunVms } from "./sweep-vms.js";

const log = logger("vm");
const PING_DEADLINE_MS = 10_000;

interface KeptRecord extends RunningVm {
  lastUsed: number;
}

/** Where a run's VM sockets live (tmp: a unix socket path must stay short), and its kept VMs' files. */
export function vmRunDir(runId: string): string {
  return join(tmpdir(), `criu-lab-vm-${runId}`);
}

function keptDir(runId: string): string {
  return join(vmRunDir(runId), "kept");
}

async function answers(vm: RunningVm, runId: string): Promise<boolean> {
  if (!existsSync(vm.socket) || !listVms().some((q) => q.pid === vm.pid && q.run === runId)) return false;
  const agent = await AgentClient.connect(vm.socket).catch(() => undefined);
  if (!agent) return false;
  try {
    return (await agent.request({ op: "ping" }, PING_DEADLINE_MS).then(() => true, () => false));
  } finally {
    agent.dispose();
  }
}

async function records(runId: string): Promise<{ file: string; vm: KeptRecord }[]> {
  const dir = keptDir(runId);
  const files = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith(".json")) : [];
  const read = await Promise.all(files.map(async (f) => ({ file: join(dir, f), vm: JSON.parse(await readFile(join(dir, f), "utf8")) as KeptRecord })));
  return read.sort((a, b) => a.vm.lastUsed - b.vm.lastUsed);
}

/** Kills the least recently used kept VMs until fewer than `limit` are left. */
async function makeRoom(runId: string, limit: number): Promise<void> {
  const kept = await records(runId);
  for (const { file, vm } of kept.slice(0, Math.max(0, kept.length - limit + 1))) {
    log("kept VM %d (%s) is the least recently used of %d: killed", vm.pid, vm.socket, kept.length);
    killVm(vm.pid);
    await rm(file, { force: true });
  }
}

/**
 * The run's kept VM for `key` if it still answers; otherwise one booted now (and kept). `reused`
 * says which. One process at a time decides, under the run's lock.
 */
export async function keptVm(o: { runId: string; key: string; limit: number; boot: () => Promise<RunningVm> }): Promise<RunningVm & { reused: boolean }> {
  const dir = keptDir(o.runId);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${o.key}.json`);
  return withFileLock(cacheDir("locks", "runs", `${o.runId}-kept-vms`), async () => {
    if (existsSync(file)) {
      const vm = JSON.parse(await readFile(file, "utf8")) as KeptRecord;
      if (await answers(vm, o.runId)) {
        await writeFileAtomic(file, JSON.stringify({ ...vm, lastUsed: Date.now() }));
        return { ...vm, reused: true };
      }
      log("kept VM %d does not answer: booting another", vm.pid);
      killVm(vm.pid);
      await rm(file, { force: true });
    }
    await makeRoom(o.runId, o.limit);
    const vm = await o.boot();
    await writeFileAtomic(file, JSON.stringify({ ...vm, lastUsed: Date.now() }));
    return { ...vm, reused: false };
  });
}

/** The run's end (or its interruption): every VM it kept is killed, and its VM directory goes. Never throws. */
export function stopKeptVms(runId: string): number {
  const killed = sweepRunVms(runId);
  rmSync(vmRunDir(runId), { recursive: true, force: true });
  return killed;
}
