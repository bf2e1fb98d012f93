// Whether a CRIU version can take part in a cell on a kernel, before anything starts: what blocks
// it (with what shows it), or where its program runs.
import type { VmAddress } from "../executors/vm/vm-session.js";
import type { Blocker } from "./outcome-rules.js";
import type { Scenario } from "./define-scenario.js";
import type { KernelPlan, VersionPlan } from "./run-plan.js";

export interface Ready {
  image: string;
  binary: string;
  vm?: VmAddress;
}

function firstErrorLine(compilerOutput: string): string {
  const lines = compilerOutput.split("\n");
  return lines.find((l) => l.includes("error")) ?? lines[0] ?? "";
}

export function readiness(scenario: Scenario, v: VersionPlan, kernel: KernelPlan): { blockers: Blocker[]; ready?: Ready } {
  if (v.state === "build-error") {
    return { blockers: [{ kind: "criu-build-error", reason: v.reason, evidence: { name: "build", exitCode: 1, ms: 0, error: v.reason, logTail: v.logTail } }] };
  }
  if (v.state === "unavailable") return { blockers: [{ kind: "unavailable", reason: `CRIU ${v.version} is not available: ${v.reason}` }] };
  if ("unavailable" in kernel) return { blockers: [{ kind: "unavailable", reason: kernel.unavailable }] };
  const vm = "vms" in kernel ? kernel.vms[v.version] : undefined;
  if ("vms" in kernel && vm?.state !== "up") {
    const reason = vm?.reason ?? `no VM for CRIU ${v.version} on ${kernel.name}`;
    return { blockers: [{ kind: "unavailable", reason, evidence: { name: "vm-boot", exitCode: null, ms: 0, error: reason, logTail: vm?.consoleTail ?? [] } }] };
  }
  const build = v.programs[scenario.program];
  if (!build) return { blockers: [{ kind: "unavailable", reason: `program ${scenario.program} was not built` }] };
  if ("error" in build) {
    const reason = `${scenario.program}.c does not compile for CRIU ${v.version}'s image: ${firstErrorLine(build.error)}`;
    return { blockers: [{ kind: "program-build-error", reason, evidence: { name: "compile", exitCode: 1, ms: 0, error: reason, logTail: build.error.split("\n").slice(-40) } }] };
  }
  const check = vm?.state === "up" ? vm.check : v.check;
  if (check?.unsupported) {
    return { blockers: [{ kind: "kernel-limit", reason: `CRIU ${v.version} on kernel ${kernel.release}: ${check.unsupported}`, evidence: check.step }] };
  }
  const at = vm?.state === "up" ? { vm: vm.address } : {};
  return { blockers: [], ready: { image: v.image, binary: build.binary, ...at } };
}
