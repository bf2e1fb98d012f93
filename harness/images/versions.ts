// The one list of CRIU versions criu-lab can offer, and where each comes from.
import type { DebianSuite } from "../platform/suites.js";

export interface DebianPackageSource {
  kind: "debian-package";
  suite: DebianSuite;
  /** Binary packages that together give criu, criu-ns and crit. */
  packages: readonly string[];
}

/** Built from a git ref of a CRIU repository (`git:v4.0`, `git:<commit>`, a release tag such as v3.16.1). */
export interface GitSource {
  kind: "git";
  repo: string;
  ref: string;
  /** --base: built inside this image with its own toolchain, instead of Debian's era builders. */
  base?: string;
}

/** Built from Debian's source package of a packaged version (`deb-src:4.2.1`). */
export interface DebSrcSource {
  kind: "deb-src";
  suite: DebianSuite;
  upstream: string;
  base?: string;
}

/** `--versions distro` with --base: the base image's own CRIU package. */
export interface DistroSource {
  kind: "distro";
  base: string;
}

export type CriuSource = DebianPackageSource | GitSource | DebSrcSource | DistroSource;

export interface CriuVersion {
  /** What users type: `4.1.1`. A semver, so expectations can be ranges. */
  version: string;
  source: CriuSource;
}

export const CRIU_VERSIONS: readonly CriuVersion[] = [
  // bookworm ships criu-ns and crit inside the criu package itself.
  { version: "3.17.1", source: { kind: "debian-package", suite: "bookworm", packages: ["criu"] } },
  // From trixie on, criu-ns and crit live in python3-pycriu.
  { version: "4.1.1", source: { kind: "debian-package", suite: "trixie", packages: ["criu", "python3-pycriu"] } },
  { version: "4.2.1", source: { kind: "debian-package", suite: "sid", packages: ["criu", "python3-pycriu"] } },
];

export function describeSource(s: CriuSource): string {
  const inside = "base" in s && s.base ? `, inside ${s.base}` : "";
  if (s.kind === "git") return `built from ${s.repo} at ${s.ref}${inside}`;
  if (s.kind === "deb-src") return `built from Debian ${s.suite}'s source package${inside}`;
  if (s.kind === "distro") return `${s.base}'s own criu package`;
  return `Debian ${s.suite} package`;
}
