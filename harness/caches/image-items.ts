// criu-lab's Docker images (labelled criu-lab.image) as cache entries: each tag's own size (what
// removing it frees), its last use (its use lock's time, else when it was made), and whether other
// criu-lab images are built on it. Temporary tags of killed builds are leftovers.
import { execa } from "execa";
import { stat } from "node:fs/promises";
import { entryLockPath } from "../platform/cache-entry.js";
import { IMAGE_LABEL } from "../platform/labels.js";
import { pidAlive } from "../platform/pid-alive.js";
import type { CacheItem, Leftover } from "./cache-items.js";

interface Inspected {
  id: string;
  parent: string;
  /** With the layers of the images it is built on. */
  size: number;
  created: number;
  tags: string[];
}

async function lines(args: string[]): Promise<string[]> {
  const r = await execa("docker", args, { reject: false });
  return r.exitCode === 0 ? r.stdout.split("\n").filter(Boolean) : [];
}

async function inspectOurs(): Promise<Inspected[]> {
  const ids = await lines(["images", "--no-trunc", "--quiet", "--filter", `label=${IMAGE_LABEL}`]);
  if (ids.length === 0) return [];
  const rows = await lines(["image", "inspect", "--format", "{{.Id}}\t{{.Parent}}\t{{.Size}}\t{{.Created}}\t{{json .RepoTags}}", ...new Set(ids)]);
  return rows.map((row) => {
    const [id = "", parent = "", size = "0", created = "", tags = "[]"] = row.split("\t");
    return { id, parent, size: Number(size), created: Date.parse(created), tags: (JSON.parse(tags) as string[] | null) ?? [] };
  });
}

/**
 * Our images, optionally of one repository only (tests use their own). An image's bytes are its own
 * layers (its size less its parent's): what removing it frees, each layer counted once.
 */
export async function imageItems(options: { repository?: string } = {}): Promise<{ items: CacheItem[]; leftovers: Leftover[] }> {
  const images = await inspectOurs();
  const byId = new Map(images.map((i) => [i.id, i]));
  const parents = new Set(images.map((i) => i.parent).filter((p) => byId.has(p)));
  const items: CacheItem[] = [];
  const leftovers: Leftover[] = [];
  for (const image of images) {
    const own = image.size - (byId.get(image.parent)?.size ?? 0);
    image.tags.forEach((tag, n) => {
      if (options.repository !== undefined && !tag.startsWith(`${options.repository}:`)) return;
      // An image with several tags frees its bytes with its last tag: counted once.
      const bytes = n === 0 ? own : 0;
      const owner = /-partial-(\d+)$/.exec(tag)?.[1];
      if (owner !== undefined) {
        if (!pidAlive(Number(owner))) leftovers.push({ kind: "images", path: tag, bytes });
        return;
      }
      items.push({ kind: "images", name: tag, paths: [tag], bytes, lastUse: image.created, hasChildren: parents.has(image.id) });
    });
  }
  // The last use is the use lock's time, where a run has used the image since locks came in.
  await Promise.all(items.map(async (i) => {
    const used = await stat(entryLockPath({ kind: "images", name: i.name }, "use")).catch(() => undefined);
    if (used) i.lastUse = used.mtimeMs;
  }));
  return { items, leftovers };
}

/** docker rmi of one tag (never -f: an image a container uses stays). */
export async function removeImageTag(tag: string): Promise<boolean> {
  return (await execa("docker", ["rmi", tag], { reject: false })).exitCode === 0;
}
