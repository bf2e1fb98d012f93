// The kernel axis for real: Debian's 6.1 kernel booted under qemu (TCG here), the seed's sched bug
// reproduced there with CRIU 3.17.1 and gone with 4.1.1, beside the same cells on the host kernel.
// Then what happens when a guest stops answering in the middle of a cell (a SIGKILLed run with VMs
// and a VM that does not come up: vm-killed-run.test.ts, which runs alone because any run sweeps).
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, test } from "vitest";
import { chooseAccel } from "../../harness/executors/vm/accel.js";
import { bootVm, killVm } from "../../harness/executors/vm/qemu-vm.js";
import { ensureRootfsDisk } from "../../harness/executors/vm/rootfs-disk.js";
import { listVms } from "../../harness/executors/vm/sweep-vms.js";
import { ensureWorkDisk } from "../../harness/executors/vm/work-disk.js";
import { VmHungError, VmSession } from "../../harness/executors/vm/vm-session.js";
import { ensureCriuImage } from "../../harness/images/criu-image.js";
import { resolveVersions } from "../../harness/images/resolve-versions.js";
import { ensureKernelBoot } from "../../harness/kernels/boot-files.js";
import { parseKernelSpec } from "../../harness/kernels/kernel-spec.js";
import { resolveVmKernel } from "../../harness/kernels/vm-kernel.js";
import { criuLab, kernelAtLeast, labelledContainers, readSummary, type Summary } from "../support/cli.js";

describe("criu-lab matrix --kernels host,debian:6.1 --versions 3.17.1,4.1.1 --scenarios sched-reset-on-fork", () => {
  let root: string;
  let run: Awaited<ReturnType<typeof criuLab>>;
  let summary: Summary;
  const cell = (kernel: string, v: string) => summary.cells.find((c) => c.kernelName === kernel && c.criuVersion === v)!;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "criu-lab-vm-"));
    run = await criuLab(["matrix", "--kernels", "host,debian:6.1", "--versions", "3.17.1,4.1.1", "--scenarios", "sched-reset-on-fork", "--results", root]);
    expect(existsSync(join(root, "latest", "summary.json")), run.all).toBe(true);
    summary = await readSummary(root);
  });

  test("two kernels x two versions: four cells, each naming its kernel, release and executor", () => {
    expect(summary.cells.map((c) => `${c.kernelName} ${c.criuVersion}`).sort()).toEqual(["debian:6.1 3.17.1", "debian:6.1 4.1.1", "host 3.17.1", "host 4.1.1"]);
    for (const c of summary.cells.filter((x) => x.kernelName === "debian:6.1")) {
      expect(c.kernel).toMatch(/^6\.1\.\d+-\d+-amd64$/);
      expect(c.executor).toBe("vm");
      expect(["kvm", "tcg"]).toContain(c.accel);
    }
    for (const c of summary.cells.filter((x) => x.kernelName === "host")) expect(c.executor).toBe("container");
  });

  test("on Debian's 6.1 kernel, CRIU 3.17.1 reproduces the seed: xfail, Inconsistent sched params", () => {
    const c = cell("debian:6.1", "3.17.1");
    expect(c.outcome, c.reason).toBe("xfail");
    expect(c.reason).toMatch(/Inconsistent sched params received \(1073741825\.0\.0\)/);
  });

  test("the cell's record keeps the restore's CRIU log tail and the log itself", async () => {
    const full = JSON.parse(await readFile(join(root, "latest", "cells", "sched-reset-on-fork@3.17.1@debian-6.1.json"), "utf8"));
    const restore = full.steps.find((s: { name: string }) => s.name === "restore");
    expect(restore.logTail.join("\n")).toMatch(/Inconsistent sched params/);
    expect(existsSync(join(root, "latest", restore.logFile))).toBe(true);
  });

  test("on the same kernel CRIU 4.1.1 passes every step", () => {
    const c = cell("debian:6.1", "4.1.1");
    expect(c.outcome, c.reason).toBe("pass");
    expect(c.steps.map((s) => s.name)).toEqual(["start", "dump", "restore", "check", "re-dump", "re-restore", "re-check"]);
  });

  test("the host kernel's cells ran in containers as before", () => {
    expect(cell("host", "4.1.1").outcome).toBe("pass");
    const old = cell("host", "3.17.1");
    expect(old.outcome).toBe(kernelAtLeast(old.kernel, 6, 13) ? "unsupported" : "xfail");
  });

  test("summary.md, junit.xml and run.json carry the kernel; each VM's console is kept", async () => {
    const md = await readFile(join(root, "latest", "summary.md"), "utf8");
    expect(md).toContain("CRIU 3.17.1 on debian:6.1 | CRIU 4.1.1 on debian:6.1 |");
    expect(md).toMatch(/- debian:6\.1: kernel 6\.1\.\S+, qemu VM \((kvm|tcg)\)/);
    expect(md).toContain("sched-reset-on-fork @ 3.17.1 on debian:6.1**: xfail");
    const xml = await readFile(join(root, "latest", "junit.xml"), "utf8");
    expect(xml).toMatch(/name="sched-reset-on-fork @ 4\.1\.1 on debian:6\.1 \(kernel 6\.1\.\S+, vm\)"/);
    const info = JSON.parse(await readFile(join(root, "latest", "run.json"), "utf8"));
    expect(info.kernels.find((k: { name: string }) => k.name === "debian:6.1").bootMs["4.1.1"]).toBeGreaterThan(0);
    const consoles = await readdir(join(root, "latest", "vms"));
    expect(consoles.sort()).toEqual(["debian-6.1_3.17.1.console.log", "debian-6.1_4.1.1.console.log"]);
    expect(await readFile(join(root, "latest", "vms", consoles[0]!), "utf8")).toContain("criu-lab: agent serving");
  });

  test("exits 0 and leaves no qemu and no container behind", async () => {
    expect(run.exitCode, run.all).toBe(0);
    expect(listVms().filter((vm) => vm.run === summary.runId)).toEqual([]);
    expect(await labelledContainers(`label=criu-lab.run=${summary.runId}`)).toEqual([]);
  });
});

test("a guest that stops answering mid-cell is killed at the command timeout, with its console tail", async () => {
  // The harness, used in-process here, names this process the owner of what it starts: undone below.
  const identity = { run: process.env.CRIU_LAB_RUN_ID, owner: process.env.CRIU_LAB_OWNER_PID };
  const root = await mkdtemp(join(tmpdir(), "criu-lab-vm-hang-"));
  const kernel = await resolveVmKernel(parseKernelSpec("debian:6.1") as Exclude<ReturnType<typeof parseKernelSpec>, { kind: "host" }>);
  const boot = await ensureKernelBoot(kernel);
  const image = await ensureCriuImage(resolveVersions(["4.1.1"])[0]!);
  const vm = await bootVm({ boot, rootfsDisk: await ensureRootfsDisk(image.tag), workDisk: await ensureWorkDisk(), accel: (await chooseAccel(boot)).accel, socket: join(root, "a.sock"), consoleLog: join(root, "console.log") }, 240_000);
  try {
    const session = await VmSession.open({ name: "debian:6.1 / CRIU 4.1.1", socket: vm.socket, pid: vm.pid, consoleLog: vm.consoleLog, commandTimeoutMs: 5_000 });
    // The agent's serving process (not PID 1) is frozen by the command it runs: no answer can come.
    const freeze = "for p in $(pgrep -f 'agent.py --pid1'); do [ $p != 1 ] && kill -STOP $p; done; sleep 1";
    const started = Date.now();
    const err = await session.run(["sh", "-c", freeze]).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(VmHungError);
    expect((err as VmHungError).message).toMatch(/did not answer .* within 10 s; the VM was killed/);
    expect((err as VmHungError).consoleTail.join("\n")).toContain("criu-lab: agent serving");
    expect(Date.now() - started).toBeLessThan(30_000);
    await sleep(500);
    expect(listVms().map((v) => v.pid)).not.toContain(vm.pid);
  } finally {
    killVm(vm.pid);
    if (identity.run === undefined) delete process.env.CRIU_LAB_RUN_ID;
    if (identity.owner === undefined) delete process.env.CRIU_LAB_OWNER_PID;
  }
}, 600_000);
