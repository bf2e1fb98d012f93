// A CRIU image built from source: the suite's runtime base with criu and criu-ns from the tree in
// /usr/local/sbin (ahead of the packaged ones on PATH). crit stays the packaged one.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { dir as tmpDir } from "tmp-promise";
import { ImageError } from "../../platform/errors.js";
import { buildContainerName, IMAGE_LABEL } from "../../platform/labels.js";
import { ensureUserBuilderImage } from "../user-base/user-base-image.js";
import { commitImage, ensureImage } from "../image-publish.js";
import { contentKey } from "../../platform/content-key.js";
import type { DebianSuite } from "../../platform/suites.js";
import { fetchDebSource } from "./deb-source.js";
import { ensureClone, exportTree, fileAtCommit, resolveCommit } from "./git-source.js";
import { buildCriu, type Builder, type SourceBuild, type SourceTree } from "./source-build.js";

/** The --base image with CRIU's build dependencies builds the tree, and runs what it built. */
function userBuilder(ref: string): Builder {
  return { name: ref, image: () => ensureUserBuilderImage(ref), runtime: () => ensureUserBuilderImage(ref) };
}

/** `base`: build inside this image (--base) with its own toolchain, instead of Debian's era builders. */
export type SourceSpec = { kind: "git"; repo: string; ref: string; base?: string } | { kind: "deb-src"; suite: DebianSuite; upstream: string; base?: string };

export interface SourceImage {
  tag: string;
  build: SourceBuild;
  /** The image the tag adds criu and criu-ns to: the builder suite's runtime base (or the --base builder). */
  runtime: string;
}

/** major.minor from the commit's Makefile.versions, read from git: a cached build needs no tree. */
async function seriesOfCommit(clone: string, commit: string): Promise<[number, number]> {
  const text = await fileAtCommit(clone, commit, "Makefile.versions");
  const major = Number(/CRIU_VERSION_MAJOR\s*:=\s*(\d+)/.exec(text)?.[1] ?? 4);
  const minor = Number(/CRIU_VERSION_MINOR\s*:=\s*(\d+)/.exec(text)?.[1] ?? 0);
  return [major, minor];
}

/** Gets the source, builds it (cached), and makes the runtime image (cached by build). */
export async function ensureSourceImage(spec: SourceSpec): Promise<SourceImage> {
  const work = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-src-" });
  try {
    let tree: SourceTree;
    if (spec.kind === "git") {
      const clone = await ensureClone(spec.repo);
      const commit = await resolveCommit(clone, spec.ref);
      const fill = () => exportTree(clone, commit, work.path);
      tree = { id: commit, label: commit.slice(0, 12), dir: work.path, fill, kind: "tree", series: await seriesOfCommit(clone, commit), origin: { clone, commit } };
    } else {
      const dir = await fetchDebSource(spec.suite, spec.upstream);
      const [major = 4, minor = 0] = spec.upstream.split(".").map(Number);
      tree = { id: `debsrc-${spec.suite}-${spec.upstream}`, label: `debsrc-${spec.suite}-${spec.upstream}`, dir, kind: "dsc", series: [major, minor] };
    }
    const builders: Builder[] | undefined = spec.base ? [userBuilder(spec.base)] : undefined;
    const build = await buildCriu(tree, builders);
    const runtime = await build.builder.runtime();
    const tag = `criu-lab/criu-src:${tree.label}-${contentKey({ runtime, build: build.outDir })}`;
    await ensureImage(tag, () => makeRuntimeImage(runtime, build, tag));
    return { tag, build, runtime };
  } finally {
    await work.cleanup().catch(() => undefined);
  }
}

async function makeRuntimeImage(runtime: string, build: SourceBuild, tag: string): Promise<void> {
  const name = buildContainerName();
  try {
    const create = await execa("docker", ["create", "--name", name, "--network=none", runtime, "true"], { reject: false, all: true });
    if (create.exitCode !== 0) throw new ImageError(`docker create from ${runtime} failed: ${create.all ?? ""}`);
    for (const file of ["criu", "criu-ns"]) {
      if (existsSync(join(build.outDir, file))) await execa("docker", ["cp", join(build.outDir, file), `${name}:/usr/local/sbin/${file}`]);
    }
    const labels = { [IMAGE_LABEL]: "criu-src", "criu-lab.source": build.id, "criu-lab.criu-version": build.version };
    const changes = Object.entries(labels).flatMap(([k, v]) => ["--change", `LABEL ${k}="${v}"`]);
    await commitImage(name, tag, { changes });
  } finally {
    await execa("docker", ["rm", "-f", name], { reject: false });
  }
}
