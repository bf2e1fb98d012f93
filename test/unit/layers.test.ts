// The layer map of harness/: a folder may import from its own folder and from folders below it,
// never from one above. The order is the README's "Layout", bottom first.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const LAYERS = ["platform", "caches", "host", "images", "kernels", "criu", "executors", "results", "report", "scenario", "bisect", "repro", "ci", "cli"] as const;

const HARNESS = fileURLToPath(new URL("../../harness/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

/** The harness folder a file belongs to (its first path segment under harness/). */
function layerOf(file: string): string {
  return relative(HARNESS, file).split("/")[0]!;
}

/** Every relative import of a file, as the layer it lands in. */
function importedLayers(file: string, text: string): { spec: string; layer: string }[] {
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  return specs.map((spec) => ({ spec, layer: layerOf(resolve(dirname(file), spec)) }));
}

/** Upward imports: "images/x.ts imports ../executors/labels.js (executors is above images)". */
function upwardImports(files: readonly { file: string; text: string }[], order: readonly string[]): string[] {
  const rank = (layer: string) => order.indexOf(layer);
  return files.flatMap(({ file, text }) => {
    const own = layerOf(file);
    return importedLayers(file, text)
      .filter(({ layer }) => layer !== own && rank(layer) > rank(own))
      .map(({ spec, layer }) => `${relative(HARNESS, file)} imports ${spec} (${layer} is above ${own})`);
  });
}

describe("harness layer map", () => {
  const files = sources(HARNESS).map((file) => ({ file, text: readFileSync(file, "utf8") }));

  test("every harness folder has a place in the map", () => {
    const folders = [...new Set(files.map((f) => layerOf(f.file)))];
    expect(folders.filter((f) => !(LAYERS as readonly string[]).includes(f))).toEqual([]);
  });

  test("no folder imports from a folder above it", () => {
    expect(upwardImports(files, LAYERS)).toEqual([]);
  });

  test("the check fails on an upward import (images -> executors)", () => {
    const fake = { file: join(HARNESS, "images", "x.ts"), text: `import { ownLabels } from "../executors/labels.js";\n` };
    expect(upwardImports([fake], LAYERS)).toEqual(["images/x.ts imports ../executors/labels.js (executors is above images)"]);
  });
});
