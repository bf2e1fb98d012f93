// Finds criu-lab's qemu processes by the owner and run their environment carries (qemu-vm.ts):
// those whose owner died (a SIGKILLed run), or all of one run (its end, Ctrl-C).
import { readdirSync, readFileSync } from "node:fs";
import { pidAlive } from "../../platform/pid-alive.js";
import { VM_OWNER_ENV, VM_RUN_ENV } from "./qemu-vm.js";

export interface VmProcess {
  pid: number;
  owner: number;
  run: string;
}

export function listVms(): VmProcess[] {
  const out: VmProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, "latin1").split("\0");
      const owner = env.find((e) => e.startsWith(`${VM_OWNER_ENV}=`));
      if (!owner) continue;
      const comm = readFileSync(`/proc/${entry}/comm`, "latin1").trim();
      if (!comm.startsWith("criu-lab-vm") && !comm.startsWith("qemu-system")) continue;
      const run = env.find((e) => e.startsWith(`${VM_RUN_ENV}=`))?.slice(VM_RUN_ENV.length + 1) ?? "";
      out.push({ pid: Number(entry), owner: Number(owner.slice(VM_OWNER_ENV.length + 1)), run });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

function kill(list: VmProcess[]): number {
  for (const vm of list) {
    try {
      process.kill(vm.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return list.length;
}

/** qemu processes left by runs whose owner is gone. Returns how many were killed. */
export function sweepOrphanVms(): number {
  return kill(listVms().filter((vm) => !pidAlive(vm.owner)));
}

/** Every qemu process of one run. */
export function sweepRunVms(runId: string): number {
  return kill(listVms().filter((vm) => vm.run === runId));
}
