// A cell's executor on a running VM: the agent connection for the length of one cell. Opening one
// resets the guest (guest/guest_reset.py: the previous cell's processes, mounts and files gone); the
// caller holds the VM's lock (withNamedLocks in harness/scenario/cell-slots.ts) so no other cell
// shares the guest. Every command runs with this cell's CRIU first on PATH.
import { execa } from "execa";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { file as tmpFile } from "tmp-promise";
import type { CommandResult } from "../../platform/command-runner.js";
import { logger } from "../../platform/log.js";
import type { Executor } from "../executor.js";
import { AgentClient, AgentError } from "./agent-client.js";
import type { AgentRequest } from "./agent-protocol.js";
import { consoleTail, killVm } from "./qemu-vm.js";
import { VM_DEFAULTS } from "./vm-settings.js";

const log = logger("vm");

/** What a worker needs to reach a VM booted by the run's global setup. */
export interface VmAddress {
  name: string;
  socket: string;
  pid: number;
  consoleLog: string;
  /** What one command may take (default VM_DEFAULTS, CRIU_LAB_VM_COMMAND_TIMEOUT). */
  commandTimeoutMs?: number;
  /** The guest directory of the CRIU build this cell runs (criu-install.ts); unset: the image's own CRIU. */
  criuDir?: string;
}

function resetRequest(vm: VmAddress, keep: readonly string[] = []): AgentRequest & { op: "reset" } {
  return { op: "reset", keep, criu: vm.criuDir ?? "image" };
}

/** A guest that stopped answering: the VM is killed, the cell is a harness-error with the console tail. */
export class VmHungError extends AgentError {
  constructor(message: string, readonly consoleTail: string[]) {
    super(message, true);
  }
}

/**
 * Commands get the CRIU wrapper's 300 s and then some (CRIU_LAB_VM_COMMAND_TIMEOUT); the agent kills
 * a command at this limit itself, and a guest silent for the grace beyond it is hung.
 */
function execLimitMs(vm: VmAddress): number {
  return vm.commandTimeoutMs ?? VM_DEFAULTS.commandTimeoutMs;
}
const ANSWER_GRACE_MS = 60_000;
function graceMs(vm: VmAddress): number {
  return Math.min(ANSWER_GRACE_MS, execLimitMs(vm));
}

export class VmSession implements Executor {
  private handedOver = false;

  private constructor(
    private readonly vm: VmAddress,
    private readonly agent: AgentClient,
    readonly inheritsWork = false,
  ) {}

  /** Connects and resets the guest for a new cell. */
  static async open(vm: VmAddress): Promise<VmSession> {
    const agent = await AgentClient.connect(vm.socket).catch((e: Error) => {
      throw new VmHungError(`cannot reach the agent of ${vm.name}: ${e.message}`, consoleTail(vm.consoleLog));
    });
    const session = new VmSession(vm, agent);
    const left = await session.ask(() => agent.request(resetRequest(vm), ANSWER_GRACE_MS));
    log("%s: reset: %d process(es) killed, unmounted [%s], cleared [%s], put back [%s]", vm.name, left.killed, left.unmounted.join(" "), left.cleared.join(" "), left.reverted.slice(0, 20).join(" "));
    return session;
  }

  get describe(): string {
    return `vm ${this.vm.name} (qemu ${this.vm.pid})`;
  }

  /**
   * A fresh guest for a migrate step that keeps /work: this session's processes are killed, its
   * files in /work stay; `next` is the restore side (its CRIU may be another build in this VM).
   */
  async resetKeepingWork(next: VmAddress = this.vm): Promise<VmSession> {
    await this.ask(() => this.agent.request(resetRequest(next, ["/work"]), ANSWER_GRACE_MS));
    this.handedOver = true;
    return new VmSession(next, this.agent, true);
  }

  /** Agent failures are hung guests: kill the VM (it cannot be trusted for later cells) and say so. */
  private async ask<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (!(e instanceof AgentError) || e instanceof VmHungError || !e.unresponsive) throw e;
      log("%s: %s; killing it", this.describe, e.message);
      killVm(this.vm.pid);
      throw new VmHungError(`${this.vm.name}: ${e.message}; the VM was killed`, consoleTail(this.vm.consoleLog));
    }
  }

  async run(argv: readonly string[]): Promise<CommandResult> {
    const exec = { op: "exec" as const, argv, timeoutMs: execLimitMs(this.vm), ...(this.vm.criuDir ? { pathFirst: this.vm.criuDir } : {}) };
    const r = await this.ask(() => this.agent.request(exec, execLimitMs(this.vm) + graceMs(this.vm)));
    log("%s $ %s -> %d", this.vm.name, argv.join(" ").slice(0, 200), r.exitCode);
    return { exitCode: r.exitCode, output: r.output };
  }

  async copyOut(path: string, hostDir: string): Promise<boolean> {
    const r = await this.ask(() => this.agent.request({ op: "tar-out", path }, ANSWER_GRACE_MS * 5));
    if (!r.data) return false;
    const tar = await tmpFile({ prefix: "criu-lab-vm-out-", postfix: ".tar" });
    try {
      await writeFile(tar.path, Buffer.from(r.data, "base64"));
      await mkdir(hostDir, { recursive: true });
      return (await execa("tar", ["-x", "-f", tar.path, "-C", hostDir], { reject: false })).exitCode === 0;
    } finally {
      await tar.cleanup();
    }
  }

  async copyIn(hostDir: string, dir: string): Promise<boolean> {
    const tar = await tmpFile({ prefix: "criu-lab-vm-in-", postfix: ".tar" });
    try {
      const made = await execa("tar", ["-c", "-f", tar.path, "-C", hostDir, "."], { reject: false });
      if (made.exitCode !== 0) return false;
      const data = (await readFile(tar.path)).toString("base64");
      await this.ask(() => this.agent.request({ op: "tar-in", dir, data }, ANSWER_GRACE_MS * 5));
      return true;
    } finally {
      await tar.cleanup();
    }
  }

  /** Kills what the cell left and lets go of the agent; a session handed to a migrate step does nothing. */
  async remove(): Promise<void> {
    if (this.handedOver) return;
    this.handedOver = true;
    await this.agent.request(resetRequest(this.vm), ANSWER_GRACE_MS).catch((e: unknown) => log("reset after the cell failed: %s", String(e)));
    this.agent.dispose();
  }
}
