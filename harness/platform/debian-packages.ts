// Installs Debian packages the project needs on the host, once, and says clearly when it cannot.
import { execa } from "execa";
import { existsSync, readFileSync } from "node:fs";
import { HostError } from "./errors.js";
import { logger } from "./log.js";

const log = logger("host");

export function isDebianLikeRoot(): boolean {
  const root = process.getuid?.() === 0;
  const debian = existsSync("/etc/debian_version") && existsSync("/usr/bin/apt-get");
  return root && debian;
}

async function isInstalled(pkg: string): Promise<boolean> {
  const r = await execa("dpkg-query", ["-W", "-f=${Status}", pkg], { reject: false });
  return r.exitCode === 0 && r.stdout.includes("install ok installed");
}

export async function missingPackages(pkgs: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const p of pkgs) if (!(await isInstalled(p))) missing.push(p);
  return missing;
}

/** One host apt run at a time: parallel image builds may ask for the same package at once. */
let hostApt: Promise<unknown> = Promise.resolve();

/** apt-get install what is missing; idempotent, and a no-op when all is there. */
export function ensureDebianPackages(pkgs: readonly string[], why: string): Promise<void> {
  const next = hostApt.then(() => installMissing(pkgs, why));
  hostApt = next.catch(() => undefined);
  return next;
}

async function installMissing(pkgs: readonly string[], why: string): Promise<void> {
  const missing = await missingPackages(pkgs);
  if (missing.length === 0) return;
  if (!isDebianLikeRoot()) {
    throw new HostError(`${why} needs the packages ${missing.join(", ")}, which are not installed`, {
      hint: `install them (Debian: apt-get install ${missing.join(" ")}) or run criu-lab as root on Debian to let it do so`,
    });
  }
  process.stderr.write(`criu-lab: installing ${missing.join(", ")} (${why})\n`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  // A third-party source that cannot be reached makes `update` exit non-zero; the Debian lists still load.
  const update = await execa("apt-get", ["update"], { reject: false, env, all: true });
  log("apt-get update exit %d", update.exitCode);
  const install = await execa(
    "apt-get",
    ["install", "-y", "--no-install-recommends", ...missing],
    { reject: false, env, all: true },
  );
  if (install.exitCode !== 0) {
    const tail = (install.all ?? "").split("\n").slice(-8).join("\n");
    throw new HostError(`apt-get install ${missing.join(" ")} failed (exit ${install.exitCode}):\n${tail}`, {
      hint: "check that Debian's package archive is reachable from this host",
    });
  }
}

export function hostOsName(): string {
  try {
    const line = readFileSync("/etc/os-release", "utf8").split("\n").find((l) => l.startsWith("PRETTY_NAME="));
    return line ? line.slice("PRETTY_NAME=".length).replace(/"/g, "") : "unknown";
  } catch {
    return "unknown";
  }
}
