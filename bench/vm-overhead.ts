// Benchmark (not a test): what the VM executor costs against containers, on CRIU 4.1.1 and the
// seed scenario. Prints the VM's boot, one command's round trip through the agent (and through
// docker exec), the agent's share of it, and one whole cell in a VM vs in a container, as ratios.
// usage: npm run bench:vm [-- ROUNDS [KERNEL]]   (KERNEL defaults to debian:6.1)
import { currentRunId } from "../harness/platform/labels.js";
import { sweepRunSync } from "../harness/executors/sweep.js";
import { CriuContainer } from "../harness/executors/criu-container.js";
import { VmSession } from "../harness/executors/vm/vm-session.js";
import type { Executor } from "../harness/executors/executor.js";
import { resolveVersions } from "../harness/images/resolve-versions.js";
import { parseKernelSpecs } from "../harness/kernels/kernel-spec.js";
import { stopVms } from "../harness/scenario/prepare-kernels.js";
import { prepareRun } from "../harness/scenario/prepare-run.js";
import { vmSettingsFromEnv } from "../harness/executors/vm/vm-settings.js";
import { isVmKernel, type KernelPlan } from "../harness/scenario/run-plan.js";
import { runCell } from "../harness/scenario/run-cell.js";
import { loadScenario } from "../harness/scenario/select-scenarios.js";

const rounds = Number(process.argv[2] ?? 5);
const kernelName = process.argv[3] ?? "debian:6.1";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function roundTrips(on: Executor, n: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await on.run(["true"]);
    ms.push(performance.now() - t);
  }
  return median(ms);
}

/** What starting `true` costs inside the guest itself (fork + exec from a shell), in ms. */
async function spawnInside(on: Executor, n: number): Promise<number> {
  const r = await on.run(["sh", "-c", `s=$(date +%s%N); for i in $(seq ${n}); do /bin/true; done; e=$(date +%s%N); echo $(( (e - s) / ${n} ))`]);
  return Number(r.output.trim()) / 1e6;
}

const plan = await prepareRun({ versions: resolveVersions(["4.1.1"]), kernels: parseKernelSpecs(["host", kernelName]), programs: ["sched_reset_on_fork"], parallel: 2, resultsRoot: "/tmp", vm: vmSettingsFromEnv() });
process.on("exit", () => {
  stopVms(plan.kernels);
  sweepRunSync(currentRunId());
});
plan.runDir = `/tmp/criu-lab-bench-vm-${process.pid}`;
const [host, vmKernel] = plan.kernels as [KernelPlan, KernelPlan];
const v = plan.versions[0]!;
if (v.state !== "ready") throw new Error(`CRIU 4.1.1 is not ready: ${v.reason}`);
if (!isVmKernel(vmKernel)) throw new Error(`no VM kernel: ${"unavailable" in vmKernel ? vmKernel.unavailable : "?"}`);
const vm = vmKernel.vms[v.version];
if (vm?.state !== "up") throw new Error(`no VM: ${vm?.reason ?? "?"}`);
const scenario = await loadScenario("sched-reset-on-fork");

const session = await VmSession.open(vm.address);
const vmTrip = await roundTrips(session, 30);
const vmSpawn = await spawnInside(session, 30);
await session.remove();
const container = await new CriuContainer(v.image, "bench").withSecurityProfile(plan.profile!).start();
const dockerTrip = await roundTrips(container, 30);
await container.remove();

const inVm: number[] = [];
const inContainer: number[] = [];
for (let i = 0; i < rounds; i++) {
  const a = await runCell({ scenario, plan, kernel: vmKernel, version: v });
  const b = await runCell({ scenario, plan, kernel: host, version: v });
  if (a.outcome !== "pass" || b.outcome !== "pass") throw new Error(`a cell did not pass: vm ${a.outcome} ${a.reason}; container ${b.outcome} ${b.reason}`);
  inVm.push(a.ms);
  inContainer.push(b.ms);
  process.stderr.write(`round ${i + 1}/${rounds}: vm ${a.ms} ms, container ${b.ms} ms\n`);
}
const cellVm = median(inVm);
const cellContainer = median(inContainer);
console.log(`CRIU 4.1.1, sched-reset-on-fork; VM: ${kernelName} (${vmKernel.release}) under ${vmKernel.accel}; host kernel ${host.release}`);
console.log(`  VM boot (qemu start to the agent's first answer): ${(vm.bootMs / 1000).toFixed(1)} s`);
console.log(`  one command's round trip, median of 30: agent ${vmTrip.toFixed(1)} ms, docker exec ${dockerTrip.toFixed(1)} ms, ratio ${(vmTrip / dockerTrip).toFixed(2)}`);
console.log(`  of the agent's round trip, starting the process in the guest takes ${vmSpawn.toFixed(1)} ms: agent overhead ${(vmTrip - vmSpawn).toFixed(1)} ms per command`);
console.log(`  one cell (7 steps), median of ${rounds}: VM ${cellVm} ms, container ${cellContainer} ms, ratio ${(cellVm / cellContainer).toFixed(2)}`);
