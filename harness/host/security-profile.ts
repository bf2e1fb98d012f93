// How containers get the powers CRIU needs: plain privileged mode where the engine allows it, else
// the widest capability set it can grant. Probed once against a real image, never assumed.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { cacheDir } from "../platform/cache-dir.js";
import { contentKey } from "../platform/content-key.js";
import { HostError } from "../platform/errors.js";
import { logger } from "../platform/log.js";
import { labelFlags } from "../platform/docker-cli.js";
import { missingCapabilities, ownBoundingSet } from "./capabilities.js";
import { NO_BREAKPOINTS_ENV, probeHardwareBreakpoints, type BreakpointsProbe } from "./hardware-breakpoints.js";

const log = logger("host");

/**
 * Realtime budget per container (µs per second) so SCHED_FIFO is allowed inside. On cgroup v1 the
 * containers' budgets must add up to less than the engine's (--cpu-rt-runtime=950000): a small
 * share lets many cells run at once, and test programs sleep rather than spin.
 */
export const CPU_RT_RUNTIME_US = 20_000;

type Powers =
  | { kind: "privileged"; cpuRtRuntimeUs: number }
  | { kind: "capabilities"; capDrop: string[]; cpuRtRuntimeUs: number; why: string };

/** How containers run here, and whether CRIU may stop tasks on hardware breakpoints in them. */
export type SecurityProfile = Powers & { breakpoints: BreakpointsProbe };

/** The environment every CRIU call in these containers gets (no-breakpoints mode where they are broken). */
export function criuEnvironment(profile: SecurityProfile): Readonly<Record<string, string>> {
  return profile.breakpoints.state === "broken" ? NO_BREAKPOINTS_ENV : {};
}

/** `docker run` flags for a profile (the CLI path: probes, builds, the benchmark). */
export function dockerRunFlags(profile: SecurityProfile): string[] {
  return [...powerFlags(profile), ...Object.entries(criuEnvironment(profile)).map(([k, v]) => `--env=${k}=${v}`)];
}

function powerFlags(profile: Powers): string[] {
  const rt = profile.cpuRtRuntimeUs > 0 ? [`--cpu-rt-runtime=${profile.cpuRtRuntimeUs}`] : [];
  if (profile.kind === "privileged") return ["--privileged", ...rt];
  return [
    "--cap-add=ALL",
    ...profile.capDrop.map((c) => `--cap-drop=${c}`),
    "--security-opt=seccomp=unconfined",
    "--security-opt=apparmor=unconfined",
    "--security-opt=systempaths=unconfined",
    "--device=/dev/net/tun",
    ...rt,
  ];
}

export function describeProfile(p: SecurityProfile): string {
  const powers = p.kind === "privileged"
    ? `privileged (rt budget ${p.cpuRtRuntimeUs} µs)`
    : `all capabilities but ${p.capDrop.join(",") || "none"}, seccomp/apparmor unconfined, /proc unmasked, /dev/net/tun, rt budget ${p.cpuRtRuntimeUs} µs (${p.why})`;
  return p.breakpoints.state === "broken" ? `${powers}; ${describeNoBreakpoints(p.breakpoints.evidence)}` : powers;
}

function describeNoBreakpoints(evidence: string): string {
  return `hardware breakpoints don't fire here (${evidence}): CRIU runs with CRIU_FAULT=130, the no-breakpoints mode CRIU >= 4.2 picks by itself (1eaa870cc, #2658); CRIU before 4.2 waits for such a breakpoint after each dump's parasite, and CRIU 4.1.1's dumps hung here without it`;
}

async function tryRun(image: string, flags: string[]): Promise<{ ok: boolean; error: string }> {
  const r = await execa(
    "docker",
    ["run", "--rm", "--network=none", ...labelFlags("probe"), ...flags, image, "true"],
    { reject: false, timeout: 60_000 },
  );
  return { ok: r.exitCode === 0, error: (r.stderr || `exit ${String(r.exitCode)}`).split("\n")[0] ?? "" };
}


/**
 * The profile of this engine, probed once and kept (per engine id, version and host boot): every run
 * and every bisect step would otherwise pay two container starts to learn the same thing.
 */
export async function securityProfileOf(image: string): Promise<SecurityProfile> {
  const info = await execa("docker", ["info", "--format", "{{.ID}} {{.ServerVersion}}"], { reject: false });
  const boot = await readFile("/proc/sys/kernel/random/boot_id", "utf8").catch(() => "");
  // schema 2: with the breakpoints probe.
  const file = cacheDir("host", `security-profile-${contentKey({ schema: 2, engine: info.stdout.trim(), boot: boot.trim(), caps: ownBoundingSet() }, 16)}.json`);
  if (info.exitCode === 0 && existsSync(file)) {
    try {
      return JSON.parse(await readFile(file, "utf8")) as SecurityProfile;
    } catch {
      // A torn file is probed again below.
    }
  }
  const profile = await probeSecurityProfile(image);
  if (info.exitCode === 0) await writeFileAtomic(file, JSON.stringify(profile));
  return profile;
}

export async function probeSecurityProfile(image: string): Promise<SecurityProfile> {
  const powers = await probePowers(image);
  return { ...powers, breakpoints: await probeHardwareBreakpoints(image, powerFlags(powers)) };
}

async function probePowers(image: string): Promise<Powers> {
  for (const rt of [CPU_RT_RUNTIME_US, 0]) {
    const privileged: Powers = { kind: "privileged", cpuRtRuntimeUs: rt };
    const p = await tryRun(image, powerFlags(privileged));
    log("probe privileged rt=%d: %s", rt, p.ok ? "ok" : p.error);
    if (p.ok) return privileged;
    const capDrop = missingCapabilities(ownBoundingSet());
    const caps: Powers = {
      kind: "capabilities",
      capDrop,
      cpuRtRuntimeUs: rt,
      why: `--privileged refused: ${p.error.replace(/^docker: Error response from daemon: /, "")}`,
    };
    const c = await tryRun(image, powerFlags(caps));
    log("probe capabilities rt=%d drop=%s: %s", rt, capDrop.join(","), c.ok ? "ok" : c.error);
    if (c.ok) return caps;
  }
  throw new HostError("the Docker engine refuses both privileged and capability-based containers", {
    hint: "run `criu-lab doctor` and read the engine log; CRIU needs CAP_SYS_ADMIN and unconfined seccomp",
  });
}
