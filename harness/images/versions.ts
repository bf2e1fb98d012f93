// The one list of CRIU versions criu-lab can offer, and where each comes from.
import { InputError } from "../errors.js";
import type { DebianSuite } from "./suites.js";

export interface DebianPackageSource {
  kind: "debian-package";
  suite: DebianSuite;
  /** Binary packages that together give criu, criu-ns and crit. */
  packages: readonly string[];
}

export type CriuSource = DebianPackageSource;

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
  return `Debian ${s.suite} package`;
}

export function offeredVersions(): string {
  return CRIU_VERSIONS.map((v) => `${v.version} (${describeSource(v.source)})`).join(", ");
}

/** Resolves user-typed names; an unknown one is an error that lists what can be had. */
export function resolveVersions(names: readonly string[] | undefined): CriuVersion[] {
  if (!names || names.length === 0) return [...CRIU_VERSIONS];
  return names.map((raw) => {
    const name = raw.trim().replace(/^v/, "");
    const found = CRIU_VERSIONS.find((v) => v.version === name);
    if (!found) {
      throw new InputError(`unknown CRIU version "${raw}"`, { hint: `criu-lab can offer ${offeredVersions()}` });
    }
    return found;
  });
}
