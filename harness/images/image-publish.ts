// An image gets its real tag only when every step of its recipe succeeded: it is committed (or
// imported) under a temporary tag named after this process, checked, then tagged. A failed or
// killed build leaves at most a temporary tag (gc removes those of dead processes), never a real
// tag on a half-made image; and a tag is a cache entry with its locks (image-entry.ts).
import { execa } from "execa";
import { ImageError } from "../platform/errors.js";
import { ensureEntry } from "../platform/cache-entry.js";
import { imageExists } from "../platform/docker-cli.js";
import { IMAGE_LABEL } from "../platform/labels.js";
import { pidAlive } from "../platform/pid-alive.js";

const PARTIAL = /-partial-(\d+)$/;

export function partialTag(tag: string): string {
  return `${tag}-partial-${process.pid}`;
}

/** Makes `tag` (with its use and make locks) unless it exists. Returns true when it was made now. */
export function ensureImage(tag: string, make: () => Promise<void>): Promise<boolean> {
  return ensureEntry({ kind: "images", name: tag }, { isWhole: () => imageExists(tag), make });
}

/** Runs the recipe's last check on the temporary tag, then gives the image its real tag. */
export async function promoteImage(temp: string, tag: string, verify?: (temp: string) => Promise<void>): Promise<void> {
  try {
    await verify?.(temp);
    const tagged = await execa("docker", ["tag", temp, tag], { reject: false, all: true });
    if (tagged.exitCode !== 0) throw new ImageError(`docker tag ${temp} ${tag} failed: ${tagged.all ?? ""}`);
  } finally {
    await execa("docker", ["rmi", temp], { reject: false });
  }
}

export interface CommitOptions {
  /** docker commit --change arguments (labels). */
  changes: readonly string[];
  /** The recipe's last step, on the committed image: throw to leave the tag unmade. */
  verify?: (temp: string) => Promise<void>;
}

/** docker commit of a build container, as `tag` once verified. */
export async function commitImage(container: string, tag: string, options: CommitOptions): Promise<void> {
  const temp = partialTag(tag);
  const commit = await execa("docker", ["commit", ...options.changes, container, temp], { reject: false, all: true });
  if (commit.exitCode !== 0) throw new ImageError(`docker commit ${tag} failed: ${commit.all ?? ""}`);
  await promoteImage(temp, tag, options.verify);
}

/** Temporary tags whose process is gone: what killed builds left. Returns the tags removed. */
export async function removeDeadPartialTags(): Promise<string[]> {
  const r = await execa("docker", ["images", "--filter", `label=${IMAGE_LABEL}`, "--format", "{{.Repository}}:{{.Tag}}"], { reject: false });
  const dead = r.stdout.split("\n").filter((t) => {
    const m = PARTIAL.exec(t);
    return m !== null && !pidAlive(Number(m[1]));
  });
  if (dead.length > 0) await execa("docker", ["rmi", ...dead], { reject: false });
  return dead;
}
