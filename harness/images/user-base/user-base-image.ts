// CRIU on a base image the user names: the image plus criu-lab's tools and either its own criu
// package (`--versions distro`) or CRIU's build dependencies (a builder, which is also the runtime
// of every CRIU built in it: the libraries criu links to are the ones it was built against).
import { execa } from "execa";
import semver from "semver";
import { contentKey } from "../../platform/content-key.js";
import { runOnce } from "../../platform/docker-cli.js";
import { ImageError } from "../../platform/errors.js";
import { BASE_PACKAGES } from "../../platform/suites.js";
import { CRIU_BUILD_DEPS } from "../builder-image.js";
import { ensurePackagesImage } from "../packages-image.js";
import { ensureImageRootfs } from "./image-rootfs.js";
import { ensureUserImage, type UserImage } from "./user-image.js";

/** Bump when the way these images are made changes in a way their fields do not show. */
const USER_RECIPE_REVISION = 1;

/** What cells need in any image: gcc for programs, ps for checks, python3 for criu-ns and the VM agent. */
const TOOLS = ["gcc", "libc6-dev", "procps", "python3"];
/** The rest of criu-lab's base packages, where the image's archive has them. */
const TOOLS_OPTIONAL = BASE_PACKAGES.filter((p) => !TOOLS.includes(p));
/** What CRIU cannot build without; the rest of the build dependencies turn features on. */
const BUILD_REQUIRED = ["build-essential", "pkg-config", "libprotobuf-dev", "libprotobuf-c-dev", "protobuf-c-compiler", "protobuf-compiler", "libnl-3-dev", "libnet1-dev", "libcap-dev"];
const BUILD_OPTIONAL = CRIU_BUILD_DEPS.filter((p) => !BUILD_REQUIRED.includes(p));

async function derive(image: UserImage, kind: "builder" | "distro", packages: string[], optional: string[]): Promise<{ tag: string; installed: string[] }> {
  const key = contentKey({ id: image.id, packages, optional, revision: USER_RECIPE_REVISION });
  const tag = `criu-lab/user-${kind}:${image.slug}-${key}`;
  const installed = await ensurePackagesImage({
    from: image.id,
    rootfs: () => ensureImageRootfs(image),
    packages,
    optional,
    tag,
    labels: { "criu-lab.user-base": image.ref, "criu-lab.user-image": kind },
  });
  return { tag, installed };
}

/** The base with CRIU's build dependencies: the builder and runtime of CRIU built from source in it. */
export async function ensureUserBuilderImage(ref: string): Promise<string> {
  const image = await ensureUserImage(ref);
  return (await derive(image, "builder", [...TOOLS, ...BUILD_REQUIRED], [...TOOLS_OPTIONAL, ...BUILD_OPTIONAL])).tag;
}

/** The base with its own criu package (and criu-ns where the distro ships it apart); its version from `criu --version`. */
export async function ensureDistroCriuImage(ref: string): Promise<{ tag: string; version: string; osName: string }> {
  const image = await ensureUserImage(ref);
  const { tag } = await derive(image, "distro", [...TOOLS, "criu"], [...TOOLS_OPTIONAL, "python3-pycriu"]);
  const r = await runOnce("probe", tag, ["criu", "--version"]);
  const reported = /Version:\s*(\S+)/.exec(r.output)?.[1];
  if (r.exitCode !== 0 || !reported) {
    await execa("docker", ["rmi", "-f", tag], { reject: false });
    throw new ImageError(`${ref}'s criu package does not run: ${r.output.trim().split("\n").at(-1) ?? ""}`);
  }
  return { tag, version: semver.coerce(reported)?.version ?? reported, osName: image.osName };
}
