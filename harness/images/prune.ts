// Removes criu-lab images whose recipe is no longer current (a recipe change leaves the old tag behind).
import { execa } from "execa";
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

/** Returns the tags removed. */
export async function pruneStaleImages(): Promise<string[]> {
  const r = await execa("docker", ["images", "--format", "{{.Repository}}:{{.Tag}}"], { reject: false });
  const keep = currentTags();
  const stale = r.stdout.split("\n").filter((t) => /^criu-lab\/(base|criu):/.test(t) && !keep.has(t));
  if (stale.length > 0) await execa("docker", ["rmi", ...stale], { reject: false });
  return stale;
}
