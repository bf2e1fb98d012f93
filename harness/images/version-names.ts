// What `--versions` items mean, given what can be had: Debian's packages, the release tags of the
// CRIU repository, and (with --base) the base image's own package. Pure: the catalog is read elsewhere.
import { checkGitRef } from "./git-ref-name.js";
import semver from "semver";
import { InputError } from "../platform/errors.js";
import { releaseSemver, type ReleaseTag } from "./source/release-tags.js";
import { CRIU_VERSIONS, describeSource, type CriuVersion } from "./versions.js";

/** The oldest release criu-lab's builders build (HOST-NOTES: v3.14 needs bullseye's gcc 10). */
export const OLDEST_RELEASE = "3.14.0";

export interface ReleaseCatalog {
  /** The repository releases are built from (--criu-repo, upstream by default). */
  repo: string;
  /** Its release tags, or why they could not be read. */
  tags: readonly ReleaseTag[] | { unreadable: string };
  /** --base IMAGE: releases are built inside it, and `distro` is its own package. */
  base?: string;
  /** Debian's packages (only without --base: they need Debian's userland). */
  packaged: readonly CriuVersion[];
}

export type VersionRequest =
  | { kind: "release"; raw: string; name: string }
  | { kind: "range"; raw: string; range: string }
  | { kind: "git"; raw: string; ref: string }
  | { kind: "deb-src"; raw: string; version: string }
  | { kind: "distro"; raw: string }
  | { kind: "unknown"; raw: string };

export function parseVersionRequest(raw: string): VersionRequest {
  const text = raw.trim();
  if (text.startsWith("git:") && text.length > 4) {
    checkGitRef(raw, text.slice(4));
    return { kind: "git", raw, ref: text.slice(4) };
  }
  if (text.startsWith("deb-src:")) return { kind: "deb-src", raw, version: text.slice(8) };
  if (text === "distro") return { kind: "distro", raw };
  if (text === "all") return { kind: "range", raw, range: "*" };
  if (/^v?\d+\.\d+(\.\d+)?$/.test(text)) return { kind: "release", raw, name: text.replace(/^v/, "") };
  if (semver.validRange(text)) return { kind: "range", raw, range: text };
  return { kind: "unknown", raw };
}

/** Every release by name, oldest first: Debian's packages win over a tag of the same version. */
export function releasesOf(catalog: ReleaseCatalog): CriuVersion[] {
  const byVersion = new Map<string, CriuVersion>();
  const tags = "unreadable" in catalog.tags ? [] : catalog.tags;
  for (const t of tags) {
    if (semver.lt(releaseSemver(t.name), OLDEST_RELEASE)) continue;
    byVersion.set(releaseSemver(t.name), { version: t.name, source: { kind: "git", repo: catalog.repo, ref: t.tag, ...(catalog.base ? { base: catalog.base } : {}) } });
  }
  if (!catalog.base) for (const p of catalog.packaged) byVersion.set(releaseSemver(p.version), p);
  return [...byVersion.values()].sort((a, b) => semver.compare(releaseSemver(a.version), releaseSemver(b.version)));
}

/** One line: what can be had, for an error about a name that cannot. */
export function offered(catalog: ReleaseCatalog): string {
  const releases = releasesOf(catalog).map((v) => v.version);
  const tags = "unreadable" in catalog.tags
    ? `release tags of ${catalog.repo} could not be read: ${catalog.tags.unreadable}`
    : `releases ${releases.join(", ") || "(none)"} (tags of ${catalog.repo})`;
  const packaged = catalog.base ? `distro (${catalog.base}'s own package)` : catalog.packaged.map((p) => `${p.version} (${describeSource(p.source)})`).join(", ");
  return `criu-lab can offer ${packaged}; ${tags}; a range such as ">=3.14 <4.0" or all; deb-src:<packaged version>; git:<tag, branch or commit>`;
}

function one(req: VersionRequest, catalog: ReleaseCatalog): CriuVersion[] {
  const base = catalog.base ? { base: catalog.base } : {};
  switch (req.kind) {
    case "git":
      return [{ version: req.raw.trim(), source: { kind: "git", repo: catalog.repo, ref: req.ref, ...base } }];
    case "deb-src": {
      const p = CRIU_VERSIONS.find((v) => v.version === req.version);
      if (!p || p.source.kind !== "debian-package") {
        throw new InputError(`unknown CRIU version "${req.raw}"`, { hint: `Debian source packages: ${CRIU_VERSIONS.map((v) => `deb-src:${v.version}`).join(", ")}` });
      }
      return [{ version: req.raw.trim(), source: { kind: "deb-src", suite: p.source.suite, upstream: p.version, ...base } }];
    }
    case "distro":
      if (!catalog.base) throw new InputError(`"distro" names the CRIU package of a base image, and no --base was given`, { hint: "criu-lab ... --base ubuntu:22.04 --versions distro" });
      return [{ version: "distro", source: { kind: "distro", base: catalog.base } }];
    case "release": {
      const found = releasesOf(catalog).find((v) => releaseSemver(v.version) === releaseSemver(req.name));
      if (found) return [found];
      if (semver.lt(releaseSemver(req.name), OLDEST_RELEASE)) {
        throw new InputError(`CRIU ${req.name} is older than 3.14, the oldest release criu-lab builds`, { hint: `git:v${req.name} --criu-repo R tries it anyway` });
      }
      throw new InputError(`unknown CRIU version "${req.raw}"`, { hint: offered(catalog) });
    }
    case "range": {
      const matching = releasesOf(catalog).filter((v) => semver.satisfies(releaseSemver(v.version), req.range));
      if (matching.length === 0) throw new InputError(`no CRIU release matches "${req.raw}"`, { hint: offered(catalog) });
      return matching;
    }
    case "unknown":
      throw new InputError(`unknown CRIU version "${req.raw}"`, { hint: offered(catalog) });
  }
}

/** Every item resolved, in the order given, each version once. */
export function resolveRequests(requests: readonly VersionRequest[], catalog: ReleaseCatalog): CriuVersion[] {
  const out = new Map<string, CriuVersion>();
  for (const req of requests) for (const v of one(req, catalog)) if (!out.has(v.version)) out.set(v.version, v);
  return [...out.values()];
}

/** Whether resolving these needs the repository's tags (packaged names, git: and deb-src: do not). */
export function needsTags(requests: readonly VersionRequest[], base: string | undefined): boolean {
  return requests.some((r) => r.kind === "range" || r.kind === "unknown" || (r.kind === "release" && (base !== undefined || !CRIU_VERSIONS.some((p) => releaseSemver(p.version) === releaseSemver(r.name)))));
}
