// A container ready for CRIU, built like a sentence:
//   await using c = await new CriuContainer(image).withSecurityProfile(p).withFile(bin, "/work/prog").start();
import { execa } from "execa";
import { basename, dirname } from "node:path";
import { AbstractStartedContainer, GenericContainer } from "testcontainers";
import { shellLine, type CommandResult } from "../platform/command-runner.js";
import type { Executor } from "./executor.js";
import { criuEnvironment, type SecurityProfile } from "../host/security-profile.js";
import { checkTestcontainersEngine } from "../host/testcontainers-engine.js";
import { logger } from "../platform/log.js";
import { ownLabels, type ContainerRole } from "../platform/labels.js";
import { CELL_MEMORY_LIMIT_MIB, CELL_PIDS_LIMIT } from "./resource-limits.js";

const log = logger("container");

/** What copyOut brings through an exec (as base64 text in memory); more goes by docker cp. */
const EXEC_COPY_MAX_KIB = 16 * 1024;
const TOO_BIG = 99;

/** HostConfig fields dockerode's types do not list but the engine API takes. */
interface UnlistedHostConfig {
  MaskedPaths?: string[];
  ReadonlyPaths?: string[];
}

export class CriuContainer extends GenericContainer {
  constructor(image: string, role: ContainerRole = "cell") {
    super(image);
    // No network but loopback: nothing here may reach another host.
    this.withNetworkMode("none").withLabels(ownLabels(role)).withCommand(["sleep", "infinity"]);
    // A reaping init (docker-init): a dumped process must not linger as a zombie holding its pid,
    // or restoring it in the same container fails with "Can't fork for N: File exists".
    this.hostConfig.Init = true;
    // A program that eats all memory or fork-bombs stops here (resource-limits.ts says why these).
    this.hostConfig.Memory = CELL_MEMORY_LIMIT_MIB * 1024 * 1024;
    this.hostConfig.MemorySwap = this.hostConfig.Memory;
    this.hostConfig.PidsLimit = CELL_PIDS_LIMIT;
  }

  withSecurityProfile(profile: SecurityProfile): this {
    // Every docker exec inherits it: each CRIU call, criu-ns's included.
    this.withEnvironment({ ...criuEnvironment(profile) });
    if (profile.cpuRtRuntimeUs > 0) this.hostConfig.CpuRealtimeRuntime = profile.cpuRtRuntimeUs;
    if (profile.kind === "privileged") return this.withPrivilegedMode();
    this.withAddedCapabilities("ALL")
      .withDroppedCapabilities(...profile.capDrop)
      .withSecurityOpt("seccomp=unconfined", "apparmor=unconfined");
    // What `--security-opt systempaths=unconfined` means; the API only takes it this way.
    const unlisted = this.hostConfig as typeof this.hostConfig & UnlistedHostConfig;
    unlisted.MaskedPaths = [];
    unlisted.ReadonlyPaths = [];
    this.hostConfig.Devices = [
      { PathOnHost: "/dev/net/tun", PathInContainer: "/dev/net/tun", CgroupPermissions: "rwm" },
    ];
    return this;
  }

  withFile(hostPath: string, containerPath: string, mode = 0o755): this {
    return this.withCopyFilesToContainer([{ source: hostPath, target: containerPath, mode }]);
  }

  override async start(): Promise<StartedCriuContainer> {
    await checkTestcontainersEngine();
    const started = await super.start();
    log("%s started from %s", started.getId().slice(0, 12), this.imageName.string);
    return new StartedCriuContainer(started);
  }
}

export class StartedCriuContainer extends AbstractStartedContainer implements Executor, AsyncDisposable {
  get id(): string {
    return this.getId();
  }

  get describe(): string {
    return `container ${this.id.slice(0, 12)}`;
  }

  async run(argv: readonly string[]): Promise<CommandResult> {
    const r = await this.exec([...argv]);
    log("%s $ %s -> %d", this.id.slice(0, 12), argv.join(" "), r.exitCode);
    return { exitCode: r.exitCode, output: r.output };
  }

  /**
   * Copies a file or directory out of the container (logs, images) to a host path. Small ones come
   * as a tar stream through one exec: `docker cp` costs the engine a re-exec of itself and a CLI
   * process, every cell. Larger ones (CRIU images of a big program) go by docker cp.
   */
  async copyOut(containerPath: string, hostPath: string): Promise<boolean> {
    const small = await this.copyOutByExec(containerPath, hostPath);
    if (small !== "too-big") return small;
    const r = await execa("docker", ["cp", `${this.id}:${containerPath}`, hostPath], { reject: false });
    return r.exitCode === 0;
  }

  private async copyOutByExec(containerPath: string, hostPath: string): Promise<boolean | "too-big"> {
    const parent = dirname(containerPath);
    const name = basename(containerPath);
    const script = `cd ${shellLine([parent])} || exit 2; [ "$(du -sk ${shellLine([name])} | cut -f1)" -le ${EXEC_COPY_MAX_KIB} ] || exit ${TOO_BIG}; t=$(mktemp) && tar -cf "$t" ${shellLine([name])} && base64 -w0 "$t"; rc=$?; rm -f "$t"; exit $rc`;
    const r = await this.exec(["sh", "-c", script]);
    if (r.exitCode === TOO_BIG) return "too-big";
    if (r.exitCode !== 0) return false;
    const untar = await execa("tar", ["-x", "-C", hostPath], { input: Buffer.from(r.stdout, "base64"), reject: false });
    return untar.exitCode === 0;
  }

  async copyIn(hostDir: string, dir: string): Promise<boolean> {
    const r = await execa("docker", ["cp", `${hostDir}/.`, `${this.id}:${dir}`], { reject: false });
    return r.exitCode === 0;
  }

  /** Stops and removes; never throws (a cell's verdict must not hinge on cleanup). */
  async remove(): Promise<void> {
    await this.stop({ remove: true, timeout: 0 }).catch((e: unknown) => log("stop failed: %s", String(e)));
  }

  override async [Symbol.asyncDispose](): Promise<void> {
    await this.remove();
  }
}
