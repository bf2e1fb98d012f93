// The CRIU releases a repository offers, read from its own tags (v3.14 .. v4.2 and newer) on the
// clone criu-lab keeps; never from a list in our code.
import { execa } from "execa";
import semver from "semver";
import { CriuLabError } from "../../platform/errors.js";
import { ensureClone, refreshClone } from "./git-source.js";

/** A release tag: `name` is what users type (3.16.1), `tag` the ref (v3.16.1). */
export interface ReleaseTag {
  name: string;
  tag: string;
  commit: string;
}

/** vX.Y or vX.Y.Z; release candidates and other tags are not releases. */
const RELEASE_TAG = /^v(\d+)\.(\d+)(?:\.(\d+))?$/;

/** 3.14 -> 3.14.0: release names as semver. */
export function releaseSemver(name: string): string {
  return semver.coerce(name)?.version ?? "0.0.0";
}

/** `git for-each-ref` lines ("name object peeled") as release tags, in semver order. */
export function parseReleaseTags(forEachRef: string): ReleaseTag[] {
  const tags: ReleaseTag[] = [];
  for (const line of forEachRef.split("\n")) {
    const [tag = "", object = "", peeled = ""] = line.trim().split(/\s+/);
    if (!RELEASE_TAG.test(tag)) continue;
    // An annotated tag names a tag object; the commit is its peeled object.
    tags.push({ name: tag.slice(1), tag, commit: peeled || object });
  }
  return tags.sort((a, b) => semver.compare(releaseSemver(a.name), releaseSemver(b.name)));
}

/** Every release tag of `repo`; a repository that cannot be cloned is a CriuLabError saying why. */
export async function listReleaseTags(repo: string): Promise<ReleaseTag[]> {
  const clone = await ensureClone(repo);
  await refreshClone(clone, repo);
  const r = await execa("git", ["for-each-ref", "--format=%(refname:strip=2) %(objectname) %(*objectname)", "refs/tags"], { cwd: clone, reject: false });
  if (r.exitCode !== 0) throw new CriuLabError(`cannot read the tags of ${repo}: ${r.stderr.split("\n")[0]}`);
  return parseReleaseTags(r.stdout);
}
