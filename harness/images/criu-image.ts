// A CRIU image per version: the suite's base image plus that version's packages, checked by `criu --version`.
import { ImageError } from "../platform/errors.js";
import { baseRootfs, ensureBaseImage } from "./base-image.js";
import { runOnce } from "../platform/docker-cli.js";
import { contentKey } from "../platform/content-key.js";
import { ensurePackagesImage } from "./packages-image.js";
import semver from "semver";
import { ensureSourceImage } from "./source/source-image.js";
import { ensureDistroCriuImage } from "./user-base/user-base-image.js";
import type { CriuVersion, DebianPackageSource } from "./versions.js";

/**
 * How many versions' images are made at once: three, so the three Debian suites of the default
 * matrix (a cold host debootstraps each) are made side by side rather than two and then one.
 */
export const IMAGES_AT_ONCE = 3;

/** Bump when the CRIU image recipe changes in a way its fields do not show. */
const CRIU_RECIPE_REVISION = 1;

export interface CriuImage {
  version: string;
  tag: string;
  suite: string;
  /** The semver expectations are matched against (from `criu --version` for source builds). */
  semver: string;
  /** A source build that was compiled now (not taken from the build cache). */
  builtNow?: boolean;
  /** How long that compile took (0: from the cache). */
  buildMs?: number;
  /** A source build: what it runs on without its image (a VM installs it there, see harness/scenario/vm-guests.ts). */
  installable?: InstallableBuild;
}

/** criu and criu-ns of one build, and the image whose libraries they were built against. */
export interface InstallableBuild {
  /** The runtime image the build's own image adds two files to. */
  userland: string;
  /** For people: the builder's suite (trixie) or the --base image. */
  userlandName: string;
  /** The build's folder in the cache (criu, criu-ns, version). */
  buildDir: string;
}

export function criuImageTag(v: CriuVersion & { source: DebianPackageSource }, baseKey: string): string {
  const key = contentKey({ baseKey, source: v.source, revision: CRIU_RECIPE_REVISION });
  return `criu-lab/criu:${v.version}-${key}`;
}

/** The archive moves on (sid especially): say so instead of testing another version under this name. */
async function checkPackagedVersion(image: string, v: { version: string; source: DebianPackageSource }): Promise<void> {
  const r = await runOnce("probe", image, ["criu", "--version"]);
  const reported = /Version:\s*(\S+)/.exec(r.output)?.[1];
  if (reported !== v.version) {
    throw new ImageError(`Debian ${v.source.suite} now ships CRIU ${reported ?? "(unknown)"}, not ${v.version}`, {
      hint: "update harness/images/versions.ts",
    });
  }
}

export async function ensureCriuImage(v: CriuVersion): Promise<CriuImage> {
  if (v.source.kind === "distro") {
    const distro = await ensureDistroCriuImage(v.source.base);
    return { version: v.version, tag: distro.tag, suite: v.source.base, semver: distro.version };
  }
  if (v.source.kind !== "debian-package") {
    const { tag, build, runtime } = await ensureSourceImage(v.source);
    const installable = { userland: runtime, userlandName: build.builder.name, buildDir: build.outDir };
    return { version: v.version, tag, suite: build.builder.name, semver: semver.coerce(build.version)?.version ?? build.version, builtNow: !build.cached, buildMs: build.ms, installable };
  }
  const source = v.source;
  const base = await ensureBaseImage(source.suite);
  const tag = criuImageTag({ ...v, source }, base.key);
  await ensurePackagesImage({
    from: base.tag,
    rootfs: () => baseRootfs(base),
    packages: v.source.packages,
    tag,
    labels: { "criu-lab.criu-version": v.version },
    verify: (image) => checkPackagedVersion(image, { version: v.version, source }),
  });
  return { version: v.version, tag, suite: v.source.suite, semver: v.version };
}
