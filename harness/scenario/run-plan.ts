// What the global setup hands every scenario file: per CRIU version and per kernel, the state it is
// really in (ready, or why not), so a cell never has to probe optional fields in the right order.
import type { VmAddress } from "../executors/vm/vm-session.js";
import type { SecurityProfile } from "../host/security-profile.js";
import type { InstallableBuild } from "../images/criu-image.js";
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

interface VersionName {
  /** As the user named it: 4.1.1, git:v4.0, deb-src:4.2.1. */
  version: string;
  /** What expectations are matched against (a source build's `criu --version`); the name when unknown. */
  semver: string;
}

/** An image with this CRIU, its programs compiled in it, and (host kernel) its `criu check`. */
export interface ReadyVersion extends VersionName {
  state: "ready";
  image: string;
  /** CRIU was compiled from source for this run (not taken from the build cache). */
  builtNow: boolean;
  /** How long that compile took (0: none, or from the cache). */
  buildMs: number;
  /** The host's `criu check`; absent when the run has no host-kernel cells. */
  check?: CriuCheckSummary;
  /** Compiled in `image`, or for a source build in its userland (the same libraries, shared by builds). */
  programs: Record<string, ProgramBuild>;
  /** A source build: a VM of its userland installs it (vm-guests.ts); unset: a VM boots `image` itself. */
  installable?: InstallableBuild;
}

/** CRIU did not build from source: every cell of the version is a build-error. */
export interface BrokenVersion extends VersionName {
  state: "build-error";
  reason: string;
  logTail: string[];
}

/** The image or its preparation could not be had: every cell of the version is a harness-error. */
export interface UnavailableVersion extends VersionName {
  state: "unavailable";
  reason: string;
}

export type VersionPlan = ReadyVersion | BrokenVersion | UnavailableVersion;

/**
 * The VM a CRIU version's cells run in on one kernel, one cell at a time: its own (a packaged
 * version), or one that versions built for the same userland share (vm-guests.ts).
 */
export interface VmUp {
  state: "up";
  version: string;
  /** Names the VM (its lock): versions that share a VM share it. */
  vmId: string;
  /** How a session reaches it, with this version's CRIU. */
  address: VmAddress;
  bootMs: number;
  /** Booted by an earlier process of the run (a bisect's earlier step) and kept for later ones. */
  reused: boolean;
  /** Outlives this process (a bisect's VMs): stopVms leaves it, the bisect kills it at its end. */
  kept: boolean;
  /** `criu check` inside the VM, with this version's CRIU. */
  check: CriuCheckSummary;
}

/** No VM for the pair (no image, boot failed): every cell of the pair is a harness-error. */
export interface VmDown {
  state: "down";
  version: string;
  consoleLog: string;
  reason: string;
  consoleTail?: string[];
}

export type VmPlan = VmUp | VmDown;

interface KernelName {
  /** As named: host, debian:6.1, a path. */
  name: string;
  release: string;
  describe: string;
}

export interface HostKernel extends KernelName {
  executor: "container";
}

export interface VmKernel extends KernelName {
  executor: "vm";
  accel: "kvm" | "tcg";
  accelWhy: string;
  /** The VM of each CRIU version, by version name (several versions may share one). */
  vms: Record<string, VmPlan>;
}

/** A kernel that could not be had (download, boot files): every cell on it is a harness-error. */
export interface UnavailableKernel extends KernelName {
  executor: "vm";
  unavailable: string;
}

export type KernelPlan = HostKernel | VmKernel | UnavailableKernel;

export function isVmKernel(k: KernelPlan): k is VmKernel {
  return k.executor === "vm" && "vms" in k;
}

export interface RunPlan {
  runId: string;
  runDir: string;
  kernel: string;
  engine: string;
  /** Unset when no cell runs on the host kernel, or no image could be made (every version failed to build): no container runs then. */
  profile?: SecurityProfile;
  /** How many cells may run at once, across all workers. */
  parallel: number;
  versions: VersionPlan[];
  /** The kernel axis: host (containers) and VM kernels, in the order named. */
  kernels: KernelPlan[];
  /** Cell ids this run runs (a shard); undefined: every cell. */
  cells?: string[];
  /** Each cell runs this many times (`--repeat`). */
  repeat: number;
  /** Each CRIU call and scenario command is killed after this long (`--step-timeout`; default 300). */
  stepTimeoutSeconds?: number;
}
