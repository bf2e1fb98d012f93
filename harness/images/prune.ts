// Removes criu-lab images whose recipe is no longer current (a recipe change leaves the old tag behind),
// unless a live process uses them, and the temporary tags killed builds left.
import { execa } from "execa";
import { claimUnused } from "../platform/cache-entry.js";
import { removeDeadPartialTags } from "./image-publish.js";
import { baseImageFor } from "./base-image.js";
import { criuImageTag } from "./criu-image.js";
import { DEBIAN_SUITES } from "../platform/suites.js";
import { CRIU_VERSIONS } from "./versions.js";

export function currentTags(): Set<string> {
  const tags = new Set(DEBIAN_SUITES.map((s) => baseImageFor(s).tag));
  for (const v of CRIU_VERSIONS) {
    if (v.source.kind === "debian-package") tags.add(criuImageTag({ ...v, source: v.source }, baseImageFor(v.source.suite).key));
  }
  return tags;
}

/** Returns the tags removed: stale ones no process uses, and the temporary tags of killed builds. */
export async function pruneStaleImages(): Promise<string[]> {
  const r = await execa("docker", ["images", "--format", "{{.Repository}}:{{.Tag}}"], { reject: false });
  const keep = currentTags();
  const stale = r.stdout.split("\n").filter((t) => /^criu-lab\/(base|criu):/.test(t) && !keep.has(t) && !/-partial-\d+$/.test(t));
  const removed: string[] = [];
  for (const tag of stale) {
    await using claim = await claimUnused({ kind: "images", name: tag });
    if (claim && (await execa("docker", ["rmi", tag], { reject: false })).exitCode === 0) removed.push(tag);
  }
  return [...removed, ...(await removeDeadPartialTags())];
}
