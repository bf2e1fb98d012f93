// Boots one VM under qemu: a kernel, the root disk (copy-on-write: the cached disk is never changed)
// and the same disk again read-only (the pristine copy the agent's reset puts files back from), the
// kernel's modules disk, an empty disk for the cells' /work, no network, the agent's virtio-serial
// port on a unix socket and the serial console in a file. Every qemu carries its owner and run in
// its environment, so a later run can find and kill it (sweep-vms.ts).
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureDebianPackages } from "../../platform/debian-packages.js";
import type { KernelBoot } from "../../kernels/boot-files.js";
import { logger } from "../../platform/log.js";
import { currentRunId, ownerPid } from "../../platform/labels.js";
import { AgentClient } from "./agent-client.js";

const log = logger("vm");

export const VM_OWNER_ENV = "CRIU_LAB_VM_OWNER";
export const VM_RUN_ENV = "CRIU_LAB_VM_RUN";
export const AGENT_PORT = "criu-lab.agent";

export type Accel = "kvm" | "tcg";

export interface VmSpec {
  boot: KernelBoot;
  rootfsDisk: string;
  /** An empty ext4 disk (work-disk.ts), mounted on /work: the cells' files stay off the root disk. */
  workDisk: string;
  accel: Accel;
  socket: string;
  consoleLog: string;
  memoryMiB?: number;
  cpus?: number;
  /** Extra kernel parameters. */
  append?: readonly string[];
}

export interface RunningVm {
  pid: number;
  socket: string;
  consoleLog: string;
  accel: Accel;
  /** From qemu's start to the agent's first answer. */
  bootMs: number;
  release: string;
}

export class VmBootError extends Error {
  override readonly name = "VmBootError";
  constructor(message: string, readonly consoleTail: string[]) {
    super(message);
  }
}

export function consoleTail(file: string, lines = 30): string[] {
  if (!existsSync(file)) return [];
  // The console is a tty: CR LF line ends and the odd escape sequence.
  return readFileSync(file, "latin1").replace(/\r/g, "").replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").split("\n").filter((l) => l.trim()).slice(-lines);
}

export function qemuArgs(spec: VmSpec): string[] {
  const { boot } = spec;
  const append = ["console=ttyS0", "root=/dev/vda", "rw", "panic=-1"];
  if (!boot.initramfs) append.push("init=/criu-lab/init.sh");
  // Extra kernel parameters for every VM of the run (debug options, or criu-lab.hang to test timeouts).
  append.push(...(spec.append ?? []));
  return [
    "-name", "criu-lab,process=criu-lab-vm",
    "-accel", spec.accel,
    "-cpu", spec.accel === "kvm" ? "host" : "max",
    "-m", String(spec.memoryMiB ?? 2048),
    "-smp", String(spec.cpus ?? 1),
    "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
    "-serial", `file:${spec.consoleLog}`,
    "-kernel", boot.kernel.vmlinuz,
    ...(boot.initramfs ? ["-initrd", boot.initramfs] : []),
    "-append", append.join(" "),
    // The root disk is the first (vda, what the initramfs mounts); the guest finds the others by serial.
    ...disk("root", `file=${spec.rootfsDisk},format=raw,snapshot=on`),
    ...(boot.modulesDisk ? disk("modules", `file=${boot.modulesDisk},format=raw,readonly=on`) : []),
    ...disk("work", `file=${spec.workDisk},format=raw,snapshot=on`),
    ...disk("pristine", `file=${spec.rootfsDisk},format=raw,readonly=on`),
    "-device", "virtio-serial-pci",
    "-chardev", `socket,id=agent,path=${spec.socket},server=on,wait=off`,
    "-device", `virtserialport,chardev=agent,name=${AGENT_PORT}`,
  ];
}

function disk(name: string, drive: string): string[] {
  return ["-drive", `${drive},if=none,id=${name}`, "-device", `virtio-blk-pci,drive=${name},serial=criu-lab-${name}`];
}

/** qemu from Debian's packages, installed the first time a VM kernel is asked for. */
export function ensureQemu(): Promise<void> {
  return ensureDebianPackages(["qemu-system-x86"], "running VM kernels");
}

/**
 * qemu's stderr goes to a file, not a pipe: a VM kept for later processes (a bisect's next step)
 * outlives the one that booted it, and must not die of a closed pipe.
 */
export function spawnQemu(args: string[], stderrFile: string): ReturnType<typeof spawn> {
  const stderr = openSync(stderrFile, "w");
  try {
    return spawn("qemu-system-x86_64", args, {
      stdio: ["ignore", "ignore", stderr],
      env: { ...process.env, [VM_OWNER_ENV]: String(ownerPid()), [VM_RUN_ENV]: currentRunId() },
    });
  } finally {
    closeSync(stderr);
  }
}

function fileTail(file: string): string[] {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).slice(-20) : [];
}

/** Starts qemu and waits for the agent to answer; a VM that does not is killed and reported with its console tail. */
export async function bootVm(spec: VmSpec, timeoutMs: number): Promise<RunningVm> {
  await ensureQemu();
  const started = Date.now();
  const stderrFile = `${spec.socket}.stderr`;
  const qemu = spawnQemu(qemuArgs(spec), stderrFile);
  let exited: number | null | undefined;
  qemu.once("exit", (code) => (exited = code));
  const fail = (why: string): never => {
    qemu.kill("SIGKILL");
    throw new VmBootError(why, [...consoleTail(spec.consoleLog), ...fileTail(stderrFile).map((l) => `qemu: ${l}`)]);
  };
  while (Date.now() - started < timeoutMs) {
    if (exited !== undefined) fail(`qemu exited (${exited}) before the agent answered`);
    if (existsSync(spec.socket)) {
      const agent = await AgentClient.connect(spec.socket).catch(() => undefined);
      if (agent) {
        try {
          const left = Math.max(1000, timeoutMs - (Date.now() - started));
          const hello = await agent.request({ op: "ping" }, left);
          const vm = { pid: qemu.pid!, socket: spec.socket, consoleLog: spec.consoleLog, accel: spec.accel, bootMs: Date.now() - started, release: hello.release };
          log("booted %s (%s) in %d ms, pid %d", spec.boot.kernel.name, spec.accel, vm.bootMs, vm.pid);
          // A running VM must not keep its owner alive: the owner kills it on exit (stopVms, sweep).
          qemu.unref();
          return vm;
        } catch (e) {
          if (exited !== undefined) fail(`qemu exited (${exited}) before the agent answered`);
          fail(`the guest agent did not answer within ${Math.round(timeoutMs / 1000)} s of boot: ${(e as Error).message}`);
        } finally {
          agent.dispose();
        }
      }
    }
    await sleep(100);
  }
  return fail(`qemu did not open the agent socket within ${Math.round(timeoutMs / 1000)} s`);
}

/** Kills a VM; never throws. */
export function killVm(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}
