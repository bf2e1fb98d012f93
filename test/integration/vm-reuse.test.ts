// One VM for the CRIU builds of one userland, kept across a bisect's steps: two real builds (4.2.1.1
// and 4.2.1.2, see versioned-criu-repo.ts) run as two `criu-lab bisect-step` processes on Debian's
// 6.1 kernel. The first boots the VM and the second installs its build into it. Then, in that same VM,
// a cell of build 1 leaves everything a cell can leave behind, and a cell of build 2 must see none of
// it, and must run build 2's CRIU.
import { execa } from "execa";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { StepRecord } from "../../harness/bisect/bisect-step.js";
import { stopKeptVms, vmRunDir } from "../../harness/executors/vm/kept-vms.js";
import { listVms } from "../../harness/executors/vm/sweep-vms.js";
import { VmSession } from "../../harness/executors/vm/vm-session.js";
import { vmSettingsFromEnv } from "../../harness/executors/vm/vm-settings.js";
import type { CriuVersion } from "../../harness/images/versions.js";
import { parseKernelSpec } from "../../harness/kernels/kernel-spec.js";
import { prepareRun } from "../../harness/scenario/prepare-run.js";
import { isVmKernel, type ReadyVersion, type RunPlan, type VmUp } from "../../harness/scenario/run-plan.js";
import { CLI } from "../support/cli.js";
import { makeVersionedRepo, type VersionedRepo } from "../support/versioned-criu-repo.js";

const KERNEL = "debian:6.1";

/** What a cell can leave behind in a guest, each with how the next cell would see it. */
const LEFTOVERS = [
  "setsid sleep 1000 </dev/null >/dev/null 2>&1 &",
  "mkdir -p /mnt/cell && mount -t tmpfs cell /mnt/cell && touch /mnt/cell/f",
  "mkdir -p /work/cell && touch /work/cell/f /tmp/cell /var/tmp/cell /root/cell /run/cell /dev/shm/cell /usr/lib/cell",
  "echo cell >> /etc/motd && rm /etc/issue && mkdir /etc/cell",
  // What the TCP scenarios do: an alternative on the root filesystem, a firewall rule.
  "update-alternatives --set iptables /usr/sbin/iptables-legacy >/dev/null && iptables -I INPUT -p tcp --dport 9 -j DROP",
  "nft add table inet cell && ipcmk -M 4096 >/dev/null",
];
/** How a cell sees each of them, by name. */
const PROBES: Record<string, string> = {
  processes: "pgrep -x sleep || echo none",
  mounts: "grep -c /mnt/cell /proc/mounts",
  files: "ls -d /work/cell /tmp/cell /var/tmp/cell /root/cell /run/cell /dev/shm/cell /usr/lib/cell /etc/cell /mnt/cell/f 2>/dev/null | wc -l",
  changedFiles: "sha256sum /etc/motd /etc/issue 2>&1 | cut -c1-16",
  alternative: "readlink /etc/alternatives/iptables",
  iptablesLegacy: "iptables-legacy -S INPUT",
  nftables: "nft list ruleset | wc -l",
  sysvIpc: "ipcs -m | grep -c 0x",
};

async function guestState(session: VmSession): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const [name, probe] of Object.entries(PROBES)) state[name] = (await session.run(["sh", "-c", probe])).output.trim();
  return state;
}

function stepEnv(runId: string): Record<string, string> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  // The test process owns the VM, as `criu-lab bisect` owns its steps' VMs.
  return { ...inherited, CRIU_LAB_RUN_ID: runId, CRIU_LAB_OWNER_PID: String(process.pid) };
}

async function sha256(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}

async function findFile(dir: string, name: string): Promise<string | undefined> {
  const all = (await readdir(dir, { recursive: true })) as string[];
  const hit = all.find((f) => f.endsWith(`/${name}`));
  return hit ? join(dir, hit) : undefined;
}

describe("bisect steps on a VM kernel share one VM per userland, and each cell starts from a clean guest", () => {
  let repo: VersionedRepo;
  let root: string;
  let steps: StepRecord[];
  const runId = `vm-reuse-${process.pid}`;
  const versionOf = (n: number): CriuVersion => ({ version: `git:${repo.commits[n]!.slice(0, 12)}`, source: { kind: "git", repo: repo.dir, ref: repo.commits[n]! } });

  beforeAll(async () => {
    repo = await makeVersionedRepo([1, 2]);
    root = await mkdtemp(join(tmpdir(), "criu-lab-vm-reuse-"));
    const work = join(root, "checkout");
    await execa("git", ["clone", "--quiet", repo.dir, work]);
    const record = join(root, "steps.jsonl");
    for (const n of [1, 2]) {
      await execa("git", ["checkout", "--quiet", "--detach", repo.commits[n]!], { cwd: work });
      const args = ["bisect-step", "--scenario", "sched-reset-on-fork", "--mode", "fix", "--criu-repo", repo.dir, "--kernel", KERNEL, "--record", record, "--logs", root, "--keep-vms"];
      await execa("node", [CLI, ...args], { cwd: work, env: stepEnv(runId), extendEnv: false, reject: false, stderr: "inherit" });
    }
    steps = (await readFile(record, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as StepRecord);
  });

  afterAll(async () => {
    stopKeptVms(runId);
    await Promise.all([repo?.dir, root].filter((d) => d !== undefined).map((d) => rm(d, { recursive: true, force: true })));
  });

  test("the first step boots the VM, the second runs in it with its own build; each passes with its CRIU", async () => {
    expect(steps.map((s) => [s.commit, s.outcome, s.exitCode, s.vm])).toEqual([
      [repo.commits[1], "pass", 1, "booted"],
      [repo.commits[2], "pass", 1, "reused"],
    ]);
    expect(listVms().filter((vm) => vm.run === runId), "the VM outlives the steps").toHaveLength(1);
    for (const n of [1, 2]) {
      const log = await findFile(join(root, repo.commits[n]!.slice(0, 12)), "dump.log");
      expect(await readFile(log!, "utf8"), `step ${n}'s dump`).toMatch(new RegExp(`Version: 4\\.2\\.1\\.${n}\\b`));
    }
  });

  test("nothing of a cell of build 1 is seen by the next cell, of build 2, in the same VM; each runs its own CRIU", async () => {
    const identity = { run: process.env.CRIU_LAB_RUN_ID, owner: process.env.CRIU_LAB_OWNER_PID };
    Object.assign(process.env, { CRIU_LAB_RUN_ID: runId, CRIU_LAB_OWNER_PID: String(process.pid) });
    let plan: RunPlan;
    try {
      plan = await prepareRun({ versions: [versionOf(1), versionOf(2)], kernels: [parseKernelSpec(KERNEL)], programs: ["sched_reset_on_fork"], parallel: 1, resultsRoot: root, vm: vmSettingsFromEnv(), keepVms: { consolesDir: join(root, "vms") } });
    } finally {
      for (const [k, v] of [["CRIU_LAB_RUN_ID", identity.run], ["CRIU_LAB_OWNER_PID", identity.owner]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const kernel = plan.kernels[0]!;
    if (!isVmKernel(kernel)) throw new Error(`no VM kernel: ${JSON.stringify(kernel)}`);
    const [a, b] = [versionOf(1), versionOf(2)].map((v) => kernel.vms[v.version] as VmUp);
    expect([a?.state, b?.state, a?.reused, b?.reused]).toEqual(["up", "up", true, true]);
    expect(a!.vmId).toBe(b!.vmId);
    expect(a!.address.pid).toBe(b!.address.pid);
    const [buildA, buildB] = plan.versions.map((v) => (v as ReadyVersion).installable!.buildDir);

    const cellA = await VmSession.open(a!.address);
    const criuA = await cellA.run(["sh", "-c", "command -v criu; criu --version; sha256sum $(command -v criu) | cut -d' ' -f1"]);
    expect(criuA.output.split("\n")).toEqual([`${a!.address.criuDir}/criu`, "Version: 4.2.1.1", await sha256(join(buildA!, "criu")), ""]);
    const kdatA = await cellA.run(["sh", "-c", "criu check >/dev/null 2>&1; stat -c %i /run/criu.kdat"]);
    const before = await guestState(cellA);
    expect([before.processes, before.mounts, before.files, before.nftables, before.sysvIpc]).toEqual(["none", "0", "0", "0", "0"]);
    for (const line of LEFTOVERS) expect((await cellA.run(["sh", "-c", line])).exitCode, line).toBe(0);
    const dirty = await guestState(cellA);
    for (const name of Object.keys(PROBES)) expect(dirty[name], `cell 1 changed ${name}`).not.toBe(before[name]);
    await cellA.remove();

    const cellB = await VmSession.open(b!.address);
    expect(await guestState(cellB)).toEqual(before);
    const criuB = await cellB.run(["sh", "-c", "command -v criu; criu --version; sha256sum $(command -v criu) | cut -d' ' -f1; stat -c %i /run/criu.kdat 2>/dev/null || echo no-kdat"]);
    const [pathB, versionB, shaB, kdatB] = criuB.output.trim().split("\n");
    expect([pathB, versionB, shaB]).toEqual([`${b!.address.criuDir}/criu`, "Version: 4.2.1.2", await sha256(join(buildB!, "criu"))]);
    expect(kdatB, "build 1's kdat cache is not build 2's").not.toBe(kdatA.output.trim());
    await cellB.remove();

    const againA = await VmSession.open(a!.address);
    expect((await againA.run(["stat", "-c", "%i", "/run/criu.kdat"])).output.trim(), "build 1 gets its own kdat cache back").toBe(kdatA.output.trim());
    await againA.remove();
  });

  test("the bisect's end kills the VM it kept", () => {
    expect(stopKeptVms(runId)).toBe(1);
    expect(listVms().filter((vm) => vm.run === runId)).toEqual([]);
    expect(existsSync(vmRunDir(runId))).toBe(false);
  });
});
