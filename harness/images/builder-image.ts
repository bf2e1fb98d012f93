// Builder images: a suite's base plus CRIU's build dependencies. Old CRIU needs old toolchains
// (HOST-NOTES: v3.14-v3.17 fail on gcc 12+/glibc 2.36+; v4.0+ build on trixie).
import { baseRootfs, ensureBaseImage } from "./base-image.js";
import { contentKey } from "../platform/content-key.js";
import { ensurePackagesImage } from "./packages-image.js";
import type { DebianSuite } from "../platform/suites.js";

/** CRIU's build dependencies by their Debian names (the same in bullseye .. sid). */
export const CRIU_BUILD_DEPS: readonly string[] = [
  "build-essential", "pkg-config", "libprotobuf-dev", "libprotobuf-c-dev", "protobuf-c-compiler",
  "protobuf-compiler", "python3-protobuf", "libnl-3-dev", "libnet1-dev", "libcap-dev", "libbsd-dev",
  "libgnutls28-dev", "libnftables-dev", "uuid-dev", "libaio-dev", "libdrm-dev",
  // Not CRIU's: neighbouring commits (a bisect) recompile only what changed.
  "ccache",
];

export async function ensureBuilderImage(suite: DebianSuite): Promise<string> {
  const base = await ensureBaseImage(suite);
  const tag = `criu-lab/builder:${suite}-${contentKey({ base: base.key, deps: CRIU_BUILD_DEPS })}`;
  await ensurePackagesImage({ from: base.tag, rootfs: () => baseRootfs(base), packages: CRIU_BUILD_DEPS, tag, labels: { "criu-lab.builder": suite } });
  return tag;
}

/** bullseye ships no criu package: the libraries a CRIU of that era links to, by name. */
const BULLSEYE_RUNTIME = ["libprotobuf-c1", "libprotobuf23", "python3-protobuf", "libnl-3-200", "libnet1", "libcap2", "libbsd0", "libgnutls30", "libnftables1", "libaio1"];

/** The runtime side of a source build: the suite's packaged CRIU brings every library criu links to. */
export async function ensureRuntimeBaseImage(suite: DebianSuite): Promise<string> {
  const base = await ensureBaseImage(suite);
  const packages = suite === "bullseye" ? BULLSEYE_RUNTIME : suite === "bookworm" ? ["criu"] : ["criu", "python3-pycriu"];
  const tag = `criu-lab/runtime-base:${suite}-${contentKey({ base: base.key, packages })}`;
  await ensurePackagesImage({ from: base.tag, rootfs: () => baseRootfs(base), packages, tag, labels: { "criu-lab.runtime-base": suite } });
  return tag;
}
