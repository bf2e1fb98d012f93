// A cell's executor on a running VM: the agent connection for the length of one cell. Opening one
// resets the guest (every process of the previous cell killed, /work and /tmp emptied); the caller
// holds the VM's lock (withNamedLocks in harness/scenario/cell-slots.ts) so no other cell shares the guest.
import { execa } from "execa";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { file as tmpFile } from "tmp-promise";
import type { CommandResult } from "../../platform/command-runner.js";
import { logger } from "../../platform/log.js";
import type { Executor } from "../executor.js";
import { AgentClient, AgentError } from "./agent-client.js";
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
    await session.ask(() => agent.request({ op: "reset" }, ANSWER_GRACE_MS));
    return session;
  }

  get describe(): string {
    return `vm ${this.vm.name} (qemu ${this.vm.pid})`;
  }

  /** A fresh guest for a migrate step that keeps /work: this session's processes are killed, its files stay. */
  async resetKeepingWork(): Promise<VmSession> {
    await this.ask(() => this.agent.request({ op: "reset", keep: ["/work"] }, ANSWER_GRACE_MS));
    this.handedOver = true;
    return new VmSession(this.vm, this.agent, true);
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
    const r = await this.ask(() => this.agent.request({ op: "exec", argv, timeoutMs: execLimitMs(this.vm) }, execLimitMs(this.vm) + graceMs(this.vm)));
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
    await this.agent.request({ op: "reset" }, ANSWER_GRACE_MS).catch((e: unknown) => log("reset after the cell failed: %s", String(e)));
    this.agent.dispose();
  }
}
