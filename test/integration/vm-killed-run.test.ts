// A SIGKILLed run with a VM: its qemu is orphaned, and the next run kills it before anything else;
// that run's own VM is told to hang in its initramfs and is a harness-error with its console tail.
// It runs alone (vitest.config.ts): any other criu-lab run starting meanwhile would sweep the VM first.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "vitest";
import { listVms } from "../../harness/executors/vm/sweep-vms.js";
import type { CellRecord } from "../../harness/results/outcome.js";
import { criuLab, readSummary } from "../support/cli.js";

function vmsOfRun(runId: string): number[] {
  return listVms().filter((vm) => vm.run === runId).map((vm) => vm.pid);
}

test("a SIGKILLed run's VMs are killed by the next run; a VM that does not come up is a harness-error with its console tail", async () => {
  const root = await mkdtemp(join(tmpdir(), "criu-lab-vm-kill-"));
  const runId = `vm-killed-${process.pid}`;
  const args = ["matrix", "--kernels", "debian:6.1", "--versions", "4.1.1", "--scenarios", "sched-reset-on-fork", "--results", root];
  const victim = criuLab(args, { CRIU_LAB_RUN_ID: runId }, true);
  for (let i = 0; i < 1200 && vmsOfRun(runId).length === 0; i++) await sleep(100);
  expect(vmsOfRun(runId).length, "the run never started a VM").toBe(1);
  // Only the CLI dies: its qemu is orphaned, as after a crash.
  process.kill(victim.pid!, "SIGKILL");
  await victim;
  expect(vmsOfRun(runId).length, "qemu died with the CLI: nothing left to sweep").toBe(1);

  // The next run sweeps it first; its own VM is told to hang in its initramfs and gets 20 s to come up.
  const next = await criuLab(args, { CRIU_LAB_VM_BOOT_TIMEOUT: "20", CRIU_LAB_VM_APPEND: "criu-lab.hang" });
  expect(next.all).toMatch(/removed \d+ container\(s\) or VM\(s\) left by an earlier run that was killed/);
  expect(vmsOfRun(runId)).toEqual([]);
  expect(next.exitCode, next.all).toBe(1);
  const c = JSON.parse(await readFile(join(root, "latest", "cells", "sched-reset-on-fork@4.1.1@debian-6.1.json"), "utf8")) as CellRecord;
  expect(c.outcome).toBe("harness-error");
  expect(c.reason).toMatch(/no VM for CRIU 4\.1\.1 on debian:6\.1: .*within 20 s/);
  const boot = c.steps.find((s) => s.name === "vm-boot");
  expect(boot?.logTail?.join("\n"), "the console tail is in the cell").toContain("criu-lab.hang given: hanging here");
  expect(vmsOfRun((await readSummary(root)).runId)).toEqual([]);
}, 600_000);

