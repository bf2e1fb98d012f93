// The one list of CRIU versions criu-lab can offer, and where each comes from.
import { InputError } from "../platform/errors.js";
import { checkGitRef } from "./git-ref-name.js";
import { UPSTREAM_CRIU } from "./source/git-source.js";
import type { DebianSuite } from "../platform/suites.js";

export interface DebianPackageSource {
  kind: "debian-package";
  suite: DebianSuite;
  /** Binary packages that together give criu, criu-ns and crit. */
  packages: readonly string[];
}

/** Built from a git ref of a CRIU repository (`git:v4.0`, `git:<commit>`). */
export interface GitSource {
  kind: "git";
  repo: string;
  ref: string;
}

/** Built from Debian's source package of a packaged version (`deb-src:4.2.1`). */
export interface DebSrcSource {
  kind: "deb-src";
  suite: DebianSuite;
  upstream: string;
}

export type CriuSource = DebianPackageSource | GitSource | DebSrcSource;

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
  if (s.kind === "git") return `built from ${s.repo} at ${s.ref}`;
  if (s.kind === "deb-src") return `built from Debian ${s.suite}'s source package`;
  return `Debian ${s.suite} package`;
}

export function offeredVersions(): string {
  const packaged = CRIU_VERSIONS.map((v) => `${v.version} (${describeSource(v.source)})`).join(", ");
  return `${packaged}; deb-src:<one of those>; git:<tag, branch or commit> with --criu-repo`;
}

/** Resolves user-typed names; an unknown one is an error that lists what can be had. */
export function resolveVersions(names: readonly string[] | undefined, options: { criuRepo?: string } = {}): CriuVersion[] {
  if (!names || names.length === 0) return [...CRIU_VERSIONS];
  return names.map((raw) => {
    if (raw.startsWith("git:") && raw.length > 4) {
      checkGitRef(raw, raw.slice(4));
      return { version: raw, source: { kind: "git", repo: options.criuRepo ?? UPSTREAM_CRIU, ref: raw.slice(4) } };
    }
    if (raw.startsWith("deb-src:")) {
      const packaged = CRIU_VERSIONS.find((v) => v.version === raw.slice(8));
      if (!packaged || packaged.source.kind !== "debian-package") {
        throw new InputError(`unknown CRIU version "${raw}"`, { hint: `Debian source packages: ${CRIU_VERSIONS.map((v) => `deb-src:${v.version}`).join(", ")}` });
      }
      return { version: raw, source: { kind: "deb-src", suite: packaged.source.suite, upstream: packaged.version } };
    }
    const name = raw.trim().replace(/^v/, "");
    const found = CRIU_VERSIONS.find((v) => v.version === name);
    if (!found) {
      throw new InputError(`unknown CRIU version "${raw}"`, { hint: `criu-lab can offer ${offeredVersions()}` });
    }
    return found;
  });
}
