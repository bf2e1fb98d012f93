// Every container and image criu-lab makes carries these labels, so it can always find and remove them.
import { randomBytes } from "node:crypto";

export const LABEL = "criu-lab";
export const RUN_LABEL = "criu-lab.run";
export const OWNER_LABEL = "criu-lab.owner-pid";
/**
 * Images carry only this label (base, criu), never the container labels above: a container started
 * from a criu-lab image by hand must not look like one of ours.
 */
export const IMAGE_LABEL = "criu-lab.image";

/** Containers committed into images carry no labels (they would pass into the image): a name instead. */
export const BUILD_NAME_PREFIX = "criu-lab-build-";

/**
 * criu-lab-build-<owner pid>-<what>-<time>-<random>: two builds one process starts in the same
 * millisecond (a repro's two bases at once) must not collide; the sweeper reads the pid.
 */
export function buildContainerName(what?: string): string {
  return `${BUILD_NAME_PREFIX}${ownerPid()}-${what ? `${what}-` : ""}${Date.now()}-${randomBytes(3).toString("hex")}`;
}

/** What a container is for: cell, check, probe, compile, build. */
export const ROLE_LABEL = "criu-lab.role";

export type ContainerRole = "cell" | "check" | "probe" | "compile" | "build" | "bench";

/** A run id: sortable by time, unique across parallel runs. Workers inherit it through the env. */
export function currentRunId(): string {
  if (!process.env.CRIU_LAB_RUN_ID) {
    const stamp = new Date().toISOString().replace(/[:.]/g, "-").replace(/-\d{3}Z$/, "Z");
    process.env.CRIU_LAB_RUN_ID = `${stamp}-${randomBytes(2).toString("hex")}`;
  }
  return process.env.CRIU_LAB_RUN_ID;
}

/** The process whose death makes this run's leftovers fair game for the sweeper. */
export function ownerPid(): number {
  process.env.CRIU_LAB_OWNER_PID ??= String(process.pid);
  return Number(process.env.CRIU_LAB_OWNER_PID);
}

export function ownLabels(role: ContainerRole): Record<string, string> {
  return { [LABEL]: "true", [RUN_LABEL]: currentRunId(), [OWNER_LABEL]: String(ownerPid()), [ROLE_LABEL]: role };
}
