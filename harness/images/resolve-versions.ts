// `--versions` as typed -> the CRIU versions to run, before anything is built: reads the release
// tags of the CRIU repository only when a name needs them, and fails in one line when a name is unknown.
import { CriuLabError } from "../platform/errors.js";
import { UPSTREAM_CRIU } from "./source/git-source.js";
import { listReleaseTags } from "./source/release-tags.js";
import { needsTags, parseVersionRequest, resolveRequests, type ReleaseCatalog } from "./version-names.js";
import { CRIU_VERSIONS, type CriuVersion } from "./versions.js";

export interface ResolveOptions {
  /** --criu-repo: where releases that Debian does not package are built from (upstream by default). */
  criuRepo?: string;
  /** --base IMAGE: releases are built inside it; `distro` is its own package. */
  base?: string;
}

function catalogWithout(options: ResolveOptions, why: string): ReleaseCatalog {
  return { repo: options.criuRepo ?? UPSTREAM_CRIU, tags: { unreadable: why }, packaged: options.base ? [] : CRIU_VERSIONS, ...(options.base ? { base: options.base } : {}) };
}

/** What can be had: Debian's packages, and the repository's release tags (or why they cannot be read). */
export async function releaseCatalog(options: ResolveOptions): Promise<ReleaseCatalog> {
  const catalog = catalogWithout(options, "");
  try {
    return { ...catalog, tags: await listReleaseTags(catalog.repo) };
  } catch (e) {
    const why = e instanceof CriuLabError ? e.message : e instanceof Error ? e.message : String(e);
    return { ...catalog, tags: { unreadable: why.split("\n")[0] ?? why } };
  }
}

/** No names: Debian's packages (with --base: the base's own package). */
function defaults(options: ResolveOptions): string[] {
  return options.base ? ["distro"] : CRIU_VERSIONS.map((v) => v.version);
}

export async function resolveVersionNames(names: readonly string[] | undefined, options: ResolveOptions = {}): Promise<CriuVersion[]> {
  const requests = (names && names.length > 0 ? names : defaults(options)).map(parseVersionRequest);
  const catalog = needsTags(requests, options.base) ? await releaseCatalog(options) : catalogWithout(options, "not needed");
  return resolveRequests(requests, catalog);
}

/** The same for names that need no tags (packaged versions, git:, deb-src:); for scripts and tests. */
export function resolveVersions(names: readonly string[] | undefined, options: ResolveOptions = {}): CriuVersion[] {
  const requests = (names && names.length > 0 ? names : defaults(options)).map(parseVersionRequest);
  return resolveRequests(requests, catalogWithout(options, "not read (a name that needs them goes through resolveVersionNames)"));
}
