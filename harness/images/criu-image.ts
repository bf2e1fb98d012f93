// A CRIU image per version: the suite's base image plus that version's packages, checked by `criu --version`.
import { execa } from "execa";
import { ImageError } from "../platform/errors.js";
import { baseRootfs, ensureBaseImage } from "./base-image.js";
import { runOnce } from "../platform/docker-cli.js";
import { contentKey } from "../platform/content-key.js";
import { ensurePackagesImage } from "./packages-image.js";
import semver from "semver";
import { ensureSourceImage } from "./source/source-image.js";
import { ensureDistroCriuImage } from "./user-base/user-base-image.js";
import type { CriuVersion, DebianPackageSource } from "./versions.js";

/** Bump when the CRIU image recipe changes in a way its fields do not show. */
const CRIU_RECIPE_REVISION = 1;

export interface CriuImage {
  version: string;
  tag: string;
  /** The Debian suite, or the --base image, it runs on. */
  suite: string;
  /** The semver expectations are matched against (from `criu --version` for source builds). */
  semver: string;
  /** A source build that was compiled now (not taken from the build cache). */
  builtNow?: boolean;
}

export function criuImageTag(v: CriuVersion & { source: DebianPackageSource }, baseKey: string): string {
  const key = contentKey({ baseKey, source: v.source, revision: CRIU_RECIPE_REVISION });
  return `criu-lab/criu:${v.version}-${key}`;
}

export async function ensureCriuImage(v: CriuVersion): Promise<CriuImage> {
  if (v.source.kind === "distro") {
    const distro = await ensureDistroCriuImage(v.source.base);
    return { version: v.version, tag: distro.tag, suite: v.source.base, semver: distro.version };
  }
  if (v.source.kind !== "debian-package") {
    const { tag, build } = await ensureSourceImage(v.source);
    return { version: v.version, tag, suite: build.builder.name, semver: semver.coerce(build.version)?.version ?? build.version, builtNow: !build.cached };
  }
  const base = await ensureBaseImage(v.source.suite);
  const tag = criuImageTag({ ...v, source: v.source }, base.key);
  const installed = await ensurePackagesImage({
    from: base.tag,
    rootfs: () => baseRootfs(base),
    packages: v.source.packages,
    tag,
    labels: { "criu-lab.criu-version": v.version },
  });
  if (installed.length > 0) {
    // The archive moves on (sid especially): say so instead of testing another version under this name.
    const r = await runOnce("probe", tag, ["criu", "--version"]);
    const reported = /Version:\s*(\S+)/.exec(r.output)?.[1];
    if (reported !== v.version) {
      await execa("docker", ["rmi", "-f", tag], { reject: false });
      throw new ImageError(
        `Debian ${v.source.suite} now ships CRIU ${reported ?? "(unknown)"}, not ${v.version}`,
        { hint: `update harness/images/versions.ts and remove image ${tag}` },
      );
    }
  }
  return { version: v.version, tag, suite: v.source.suite, semver: v.version };
}
