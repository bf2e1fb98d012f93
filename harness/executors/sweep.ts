// Removes criu-lab containers and VMs: this run's on exit or Ctrl-C, and those of runs whose owner has died.
import { execa, execaSync } from "execa";
import { pidAlive } from "../platform/pid-alive.js";
import { logger } from "../platform/log.js";
import { sweepOrphanVms, sweepRunVms } from "./vm/sweep-vms.js";
import { BUILD_NAME_PREFIX, LABEL, OWNER_LABEL, RUN_LABEL } from "../platform/labels.js";

const log = logger("sweep");


interface Labelled {
  id: string;
  run: string;
  owner: number;
}

async function listLabelled(): Promise<Labelled[]> {
  const r = await execa(
    "docker",
    ["ps", "-a", "--filter", `label=${LABEL}`, "--format", `{{.ID}}\t{{.Label "${RUN_LABEL}"}}\t{{.Label "${OWNER_LABEL}"}}`],
    { reject: false, timeout: 30_000 },
  );
  if (r.exitCode !== 0) return [];
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [id = "", run = "", owner = "0"] = line.split("\t");
      return { id, run, owner: Number(owner) };
    });
}

/** Image-build containers are found by name: criu-lab-build-<owner pid>-<time>. */
async function listBuilds(): Promise<Labelled[]> {
  const r = await execa("docker", ["ps", "-a", "--filter", `name=${BUILD_NAME_PREFIX}`, "--format", "{{.ID}}\t{{.Names}}"], {
    reject: false,
    timeout: 30_000,
  });
  if (r.exitCode !== 0) return [];
  return r.stdout.split("\n").filter(Boolean).map((line) => {
    const [id = "", name = ""] = line.split("\t");
    return { id, run: "", owner: Number(name.slice(BUILD_NAME_PREFIX.length).split("-")[0]) };
  });
}

/** Containers (and qemu VMs) left by runs whose owner process is gone (a SIGKILL, a crash). Returns how many. */
export async function sweepOrphans(): Promise<number> {
  const vms = sweepOrphanVms();
  const orphans = [...(await listLabelled()), ...(await listBuilds())].filter((c) => !pidAlive(c.owner));
  if (orphans.length === 0) return vms;
  log("removing %d orphaned container(s)", orphans.length);
  await execa("docker", ["rm", "-f", ...orphans.map((c) => c.id)], { reject: false, timeout: 60_000 });
  return orphans.length + vms;
}

/** Synchronous on purpose: it runs from signal handlers and process exit. */
export function sweepRunSync(runId: string): void {
  sweepRunVms(runId);
  const ids = execaSync("docker", ["ps", "-aq", "--filter", `label=${RUN_LABEL}=${runId}`], {
    reject: false,
    timeout: 20_000,
  }).stdout;
  const list = typeof ids === "string" ? ids.split("\n").filter(Boolean) : [];
  if (list.length > 0) execaSync("docker", ["rm", "-f", ...list], { reject: false, timeout: 60_000 });
}

