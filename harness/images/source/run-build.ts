// One `make criu` in a network-less builder container: from a clean copy of the source (a tree or
// a Debian source package), or in a build tree kept on the host (build-tree.ts). Output: criu,
// criu-ns, version and build.log in `out`.
import { runOnce } from "../../platform/docker-cli.js";

export type BuildSource =
  /** A clean tree (git archive) or a .dsc with its tarballs, copied or unpacked inside the container. */
  | { kind: "clean"; dir: string; form: "tree" | "dsc" }
  /** A tree kept from an earlier build: make rebuilds only what changed. */
  | { kind: "kept"; dir: string };

export interface BuildRun {
  builderImage: string;
  source: BuildSource;
  /** Host directory of the builder's ccache store. */
  ccache: string;
  out: string;
}

function unpack(source: BuildSource): string {
  if (source.kind === "kept") return "true";
  if (source.form === "tree") return "cp -a /src-in /build";
  // With the Debian diff: dpkg-source applies Debian's patches; without it, upstream's tarball.
  return "if ls /src-in/*.debian.tar.* >/dev/null 2>&1; then dpkg-source --no-check -x /src-in/*.dsc /build; else mkdir /build && tar -xf /src-in/*.orig.tar.* -C /build --strip-components=1; fi >/out/unpack.log 2>&1";
}

/**
 * nmk's SUBARCH, ARCH, PYTHON and USE_ASCIIDOCTOR are `?=` (recursive) and exported, so make runs
 * their $(shell) again for every command it starts: 3,067 shells in a `make -n criu` (274 without
 * them), 11 of the 15 s of a no-op `make criu` on trixie here. Read once from the tree's own nmk (each CRIU era computes them its own way)
 * and put in the environment, they hold the same values and make stops recomputing them. If the
 * probe fails (an nmk without these files), nothing is set and make computes them as before.
 */
const NMK_VARIABLES = [
  String.raw`printf '__nmk_dir := scripts/nmk/scripts/\ninclude $(__nmk_dir)include.mk\nprint-nmk-variables:\n\t@echo SUBARCH=$(SUBARCH) ARCH=$(ARCH) PYTHON=$(PYTHON) USE_ASCIIDOCTOR=$(USE_ASCIIDOCTOR)\n' >/tmp/nmk-variables.mk`,
  `for v in $(make -s -f /tmp/nmk-variables.mk print-nmk-variables 2>/dev/null); do export "$v"; done`,
];

function script(source: BuildSource): string {
  return [
    unpack(source),
    "cd /build",
    ...NMK_VARIABLES,
    // Through ccache (its store is the host's, per builder): a commit next to one built before
    // recompiles only the files that differ. Generated headers are fresh files: their mtime must not
    // disable caching; the tree always sits at /build, so paths hash the same.
    "export CCACHE_DIR=/ccache CCACHE_BASEDIR=/build CCACHE_NOHASHDIR=true CCACHE_MAXSIZE=2G CCACHE_SLOPPINESS=include_file_mtime,include_file_ctime,time_macros,pch_defines",
    "make -j$(nproc) CC='ccache gcc' criu >/out/build.log 2>&1",
    "install -m 0755 criu/criu /out/criu",
    "install -m 0755 scripts/criu-ns /out/criu-ns 2>/dev/null || true",
    "/out/criu --version >/out/version",
  ].join(" && ");
}

export function runBuild(b: BuildRun): Promise<{ exitCode: number; output: string }> {
  const tree = b.source.kind === "kept" ? ["-v", `${b.source.dir}:/build`] : ["-v", `${b.source.dir}:/src-in:ro`];
  return runOnce("compile", b.builderImage, ["sh", "-c", script(b.source)], [...tree, "-v", `${b.out}:/out`, "-v", `${b.ccache}:/ccache`]);
}
