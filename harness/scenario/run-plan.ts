// What the global setup hands every scenario file: images, checks and programs per CRIU version.
import type { SecurityProfile } from "../host/security-profile.js";
import type { StepRecord } from "../results/outcome.js";
import type { ProgramBuild } from "./programs.js";

export interface CriuCheckSummary {
  ok: boolean;
  /** Set when `criu check` failed for a reason known to be a kernel/host limit of this version. */
  unsupported?: string;
  /** The check's first error or verdict line. */
  summary: string;
  /** The check itself, shown as a step of cells that it stops. */
  step: StepRecord;
}

export interface VersionPlan {
  /** As the user named it: 4.1.1, git:v4.0, deb-src:4.2.1. */
  version: string;
  /** What expectations are matched against (a source build's `criu --version`). */
  semver?: string;
  image?: string;
  /** CRIU was compiled from source for this run (not from the build cache). */
  builtNow?: boolean;
  /** CRIU did not build from source: every cell of the version is a build-error. */
  buildError?: { reason: string; logTail: string[] };
  /** Set when the image or its checks could not be had: every cell of the version is a harness-error. */
  unavailable?: string;
  check?: CriuCheckSummary;
  programs: Record<string, ProgramBuild>;
}

/** A VM booted for one (kernel, CRIU version): all of that pair's cells run in it, one at a time. */
export interface VmPlan {
  version: string;
  socket?: string;
  pid?: number;
  consoleLog: string;
  bootMs?: number;
  /** `criu check` inside the VM. */
  check?: CriuCheckSummary;
  /** Why there is no VM (boot failed, no image): every cell of the pair is a harness-error. */
  unavailable?: string;
  consoleTail?: string[];
}

export interface KernelPlan {
  /** As named: host, debian:6.1, a path. */
  name: string;
  release: string;
  executor: "container" | "vm";
  describe: string;
  accel?: string;
  accelWhy?: string;
  /** Why this kernel cannot be had (download, boot files): every cell on it is a harness-error. */
  unavailable?: string;
  /** VM kernels: one VM per CRIU version, by version name. */
  vms: Record<string, VmPlan>;
}

export interface RunPlan {
  runId: string;
  runDir: string;
  kernel: string;
  engine: string;
  /** Unset when no image could be made (every version failed to build): no container runs then. */
  profile?: SecurityProfile;
  /** How many cells may run at once, across all workers. */
  parallel: number;
  versions: VersionPlan[];
  /** The kernel axis: host (containers) and VM kernels, in the order named. */
  kernels: KernelPlan[];
}
