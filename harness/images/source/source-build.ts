// Builds CRIU from a clean source tree inside a network-less builder container, choosing the builder
// by CRIU era and falling back to the next one on a build error. Builds are cached by
// (source id, builder image): a second use is instant.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { dir as tmpDir } from "tmp-promise";
import { BuildError } from "../../platform/errors.js";
import { ensureCacheDir } from "../../platform/cache-dir.js";
import { logger } from "../../platform/log.js";
import { ensureBuilderImage, ensureRuntimeBaseImage } from "../builder-image.js";
import { buildEntry, buildIsWhole, lockBuild, storeBuild, storeFailure } from "./build-cache.js";
import { buildTree, failsInReplacedFile, type GitOrigin } from "./build-tree.js";
import { runBuild, type BuildRun } from "./run-build.js";
import type { DebianSuite } from "../../platform/suites.js";

const log = logger("build");

export interface SourceTree {
  /** A stable id: the commit, or the Debian source package name. */
  id: string;
  /** Short, for tags and messages: a 12-digit commit, or debsrc-<suite>-<version>. */
  label: string;
  /** Host directory with a clean tree, or (deb-src) the .dsc and its tarballs; see `fill`. */
  dir: string;
  /** Puts the tree into `dir`, when that is not done yet: only a build needs it, a cached one does not. */
  fill?: () => Promise<void>;
  kind: "tree" | "dsc";
  /** major.minor of the tree, to choose the builder. */
  series: [number, number];
  /** A git commit: where it came from, so a kept build tree can be brought to it (build-tree.ts). */
  origin?: GitOrigin;
}

/** Where a tree is built, and the image its criu then runs in. */
export interface Builder {
  /** bullseye, trixie, or the --base image's name. */
  name: string;
  image(): Promise<string>;
  runtime(): Promise<string>;
}

export interface SourceBuild {
  id: string;
  builder: Builder;
  /** Host directory with criu, criu-ns, version, build.log. */
  outDir: string;
  /** What the built `criu --version` says. */
  version: string;
  gitId?: string;
  ms: number;
  cached: boolean;
}

/**
 * HOST-NOTES: v3.14-v3.17 need gcc 10/glibc < 2.36 (bullseye); v4.0+ build on trixie, so a 4.x tree
 * that fails there is broken, not in need of an older toolchain (and a bisect skips it at once).
 */
export function builderOrder([major, minor]: [number, number]): DebianSuite[] {
  if (major >= 4) return ["trixie"];
  if (minor >= 18) return ["bookworm", "bullseye", "trixie"];
  return ["bullseye", "bookworm"];
}

/** Debian's builders in the order of the tree's era; each runs what it built on the suite's packaged libraries. */
export function debianBuilders(series: [number, number]): Builder[] {
  return builderOrder(series).map((suite) => ({ name: suite, image: () => ensureBuilderImage(suite), runtime: () => ensureRuntimeBaseImage(suite) }));
}

/** Build failures that come from the host, not from the tree (seen here: ENOSPC while builds ran in parallel). */
const HOST_TROUBLE = /No space left on device|Cannot allocate memory|Killed signal terminated program|virtual memory exhausted/;

async function readBuild(dir: string, id: string, builder: Builder, cached: boolean, ms: number): Promise<SourceBuild> {
  const text = await readFile(join(dir, "version"), "utf8");
  return {
    id,
    builder,
    outDir: dir,
    version: /Version:\s*(\S+)/.exec(text)?.[1] ?? "unknown",
    gitId: /GitID:\s*(\S+)/.exec(text)?.[1],
    ms,
    cached,
  };
}

/**
 * make, in the builder's kept tree when the tree is a git commit and the kept tree is free (a
 * failure there is tried again from a clean tree before it counts, unless the compiler rejects a
 * file the commit changed), else from a clean copy.
 */
async function make(tree: SourceTree, b: Omit<BuildRun, "source"> & { suite: string }): Promise<{ exitCode: number; output: string }> {
  const clean = { kind: "clean", dir: tree.dir, form: tree.kind } as const;
  await using kept = tree.origin ? await buildTree(b.builderImage, tree.origin, tree.dir) : undefined;
  process.stderr.write(`criu-lab: building CRIU ${tree.label} in ${b.suite}${kept ? `, ${kept.how}` : ""} (a clean build takes about 30 s on 2 cores)\n`);
  if (!kept) return runBuild({ ...b, source: clean });
  const first = await runBuild({ ...b, source: { kind: "kept", dir: kept.dir } });
  if (first.exitCode === 0 || kept.how === "clean") return first;
  const own = failsInReplacedFile(await readFile(join(b.out, "build.log"), "utf8").catch(() => first.output), kept.replaced);
  if (own) {
    log("incremental build of %s fails compiling %s, a file this commit changed: not built again from clean", tree.label, own);
    return first;
  }
  log("incremental build of %s failed; again from a clean tree", tree.label);
  await kept.reset(tree.dir);
  return runBuild({ ...b, source: { kind: "kept", dir: kept.dir } });
}

const filled = new WeakSet<SourceTree>();

async function fillOnce(tree: SourceTree): Promise<void> {
  if (!tree.fill || filled.has(tree)) return;
  await tree.fill();
  filled.add(tree);
}

export async function buildCriu(tree: SourceTree, builders: readonly Builder[] = debianBuilders(tree.series)): Promise<SourceBuild> {
  const tails: string[] = [];
  for (const choice of builders) {
    const suite = choice.name;
    const builder = await choice.image();
    const entry = buildEntry(tree.id, builder);
    await using _building = await lockBuild(entry);
    const done = entry.dir;
    if (await buildIsWhole(entry)) return readBuild(done, tree.id, choice, true, 0);
    // A tree that failed in this builder fails again: remembered, so a repeated bisect skips it at once.
    const failed = entry.failed;
    if (existsSync(failed)) {
      tails.push(`--- ${suite} (${builder}), cached failure ---`, ...(await readFile(failed, "utf8")).split("\n"));
      continue;
    }
    const work = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-build-" });
    const started = Date.now();
    try {
      await fillOnce(tree);
      const ccache = await ensureCacheDir("ccache", suite.replace(/[^\w.-]+/g, "-"));
      const r = await make(tree, { builderImage: builder, ccache, out: work.path, suite });
      const ms = Date.now() - started;
      if (r.exitCode === 0 && existsSync(join(work.path, "version"))) {
        await storeBuild(work.path, entry, { id: tree.id, suite, builder, ms });
        log("built %s in %s: %d ms", tree.id, suite, ms);
        return readBuild(done, tree.id, choice, false, ms);
      }
      const logText = (await readFile(join(work.path, "build.log"), "utf8").catch(() => r.output)).split("\n");
      const tail = logText.filter(Boolean).slice(-15);
      tails.push(`--- ${suite} (${builder}) ---`, ...tail);
      // A full disk or a killed compiler says nothing about the tree: not remembered as its failure.
      if (!tail.some((l) => HOST_TROUBLE.test(l))) await storeFailure(entry, tail);
      process.stderr.write(`criu-lab: ${tree.label} does not build in ${suite}; trying the next builder\n`);
    } finally {
      await work.cleanup().catch(() => undefined);
    }
  }
  throw new BuildError(`CRIU ${tree.label} does not build in any builder (${builders.map((b) => b.name).join(", ")})`, tails);
}
