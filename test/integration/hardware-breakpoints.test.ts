// The breakpoints probe against CRIU itself, on whatever host this runs: it must agree with CRIU
// 4.2.1's own `criu check --feature breakpoints`, and CRIU 4.1.1 (which has no such check) must
// dump in criu-lab's containers. Without the no-breakpoints mode, 4.1.1's dump hangs exactly where
// the probe says breakpoints are broken, and completes where it says they work.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CriuContainer, type StartedCriuContainer } from "../../harness/executors/criu-container.js";
import { sweepRunSync } from "../../harness/executors/sweep.js";
import type { SecurityProfile } from "../../harness/host/security-profile.js";
import { resolveVersions } from "../../harness/images/resolve-versions.js";
import { VM_DEFAULTS } from "../../harness/executors/vm/vm-settings.js";
import { currentRunId } from "../../harness/platform/labels.js";
import { prepareRun } from "../../harness/scenario/prepare-run.js";

/** A detached `sleep` in the container, and its pid. */
async function startSleep(c: StartedCriuContainer): Promise<number> {
  const r = await c.run(["sh", "-c", "setsid sleep 1000 </dev/null >/dev/null 2>&1 & echo $!"]);
  expect(r.exitCode, r.output).toBe(0);
  return Number(r.output.trim());
}

/** `criu dump` of pid with a limit; `env -u CRIU_FAULT` when asked, to see CRIU's own default. */
async function dump(c: StartedCriuContainer, pid: number, options: { dir: string; limitSeconds: number; withoutNoBreakpointsMode?: boolean }): Promise<{ exitCode: number; output: string }> {
  const env = options.withoutNoBreakpointsMode ? "env -u CRIU_FAULT " : "";
  return c.run(["sh", "-c", `mkdir -p ${options.dir} && ${env}timeout -s KILL ${options.limitSeconds} criu dump -t ${pid} -D ${options.dir} -o dump.log -v4; rc=$?; tail -3 ${options.dir}/dump.log; exit $rc`]);
}

describe("hardware breakpoints on this host, as the probe and CRIU see them", () => {
  let profile: SecurityProfile;
  const images: Record<string, string> = {};
  const started: StartedCriuContainer[] = [];

  beforeAll(async () => {
    const plan = await prepareRun({ versions: resolveVersions(["4.1.1", "4.2.1"]), kernels: [{ kind: "host", name: "host" }], programs: [], parallel: 1, resultsRoot: "/tmp", vm: VM_DEFAULTS });
    if (!plan.profile) throw new Error("no security profile: no container can run here");
    profile = plan.profile;
    for (const v of plan.versions) {
      if (v.state !== "ready") throw new Error(`CRIU ${v.version} is not ready: ${v.reason}`);
      images[v.version] = v.image;
    }
  });

  afterAll(async () => {
    for (const c of started) await c.stop().catch(() => undefined);
    sweepRunSync(currentRunId());
  });

  async function container(version: string): Promise<StartedCriuContainer> {
    const c = await new CriuContainer(images[version]!).withSecurityProfile(profile).start();
    started.push(c);
    return c;
  }

  test("the probe's verdict is CRIU 4.2.1's own (criu check --feature breakpoints)", async () => {
    expect(profile.breakpoints.state).not.toBe("unknown");
    const c = await container("4.2.1");
    const r = await c.run(["sh", "-c", "env -u CRIU_FAULT criu check --feature breakpoints 2>&1"]);
    expect(r.exitCode === 0 ? "work" : "broken", r.output).toBe(profile.breakpoints.state);
  });

  test("CRIU 4.1.1 dumps a process in criu-lab's containers", async () => {
    const c = await container("4.1.1");
    const r = await dump(c, await startSleep(c), { dir: "/tmp/d", limitSeconds: 60 });
    expect(r.exitCode, r.output).toBe(0);
  });

  test("without the no-breakpoints mode, CRIU 4.1.1 hangs exactly where breakpoints are broken", async () => {
    const c = await container("4.1.1");
    const r = await dump(c, await startSleep(c), { dir: "/tmp/d", limitSeconds: 20, withoutNoBreakpointsMode: true });
    if (profile.breakpoints.state === "broken") {
      // Killed at the limit; CRIU's log ends at the parasite's sigreturn, waiting for a trap.
      expect(r.exitCode, r.output).toBe(137);
      expect(r.output).toMatch(/new_sp=0x[0-9a-f]+ ip 0x[0-9a-f]+/);
    } else {
      expect(r.exitCode, r.output).toBe(0);
    }
  });
});
