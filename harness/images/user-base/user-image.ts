// A base image the user names (--base ubuntu:22.04): one the engine has, or pulls; it must be apt-based,
// since criu-lab installs its tools (and CRIU's build dependencies) with the image's own apt.
import { execa } from "execa";
import { InputError } from "../../platform/errors.js";
import { imageExists, imageId, runOnce } from "../../platform/docker-cli.js";

export interface UserImage {
  /** As named: ubuntu:22.04. */
  ref: string;
  id: string;
  /** For tags and directories: ubuntu-22.04. */
  slug: string;
  /** PRETTY_NAME from its /etc/os-release. */
  osName: string;
}

const known = new Map<string, Promise<UserImage>>();

async function inspect(ref: string): Promise<UserImage> {
  if (!(await imageExists(ref))) {
    process.stderr.write(`criu-lab: pulling ${ref} (--base; the engine does not have it)\n`);
    const pull = await execa("docker", ["pull", ref], { reject: false, all: true, timeout: 15 * 60_000 });
    if (pull.exitCode !== 0) {
      throw new InputError(`--base ${ref}: the engine does not have this image and cannot pull it: ${(pull.all ?? "").trim().split("\n").at(-1)}`, {
        hint: "docker pull (or docker load and docker tag) it first, or run where the engine reaches a registry",
      });
    }
  }
  const probe = await runOnce("probe", ref, ["sh", "-c", 'command -v apt-get >/dev/null && command -v dpkg >/dev/null && . /etc/os-release && echo "$PRETTY_NAME"']);
  if (probe.exitCode !== 0) {
    throw new InputError(`--base ${ref} is not an apt-based image (no apt-get, dpkg or /etc/os-release in it): ${probe.output.trim().split("\n").at(-1) ?? ""}`, {
      hint: "name a Debian or Ubuntu image, or one derived from them",
    });
  }
  const slug = ref.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
  return { ref, id: await imageId(ref), slug, osName: probe.output.trim().split("\n").at(-1) ?? ref };
}

/** Checked once per process: several versions on one base ask at the same time. */
export function ensureUserImage(ref: string): Promise<UserImage> {
  let p = known.get(ref);
  if (!p) {
    p = inspect(ref);
    known.set(ref, p);
    p.catch(() => known.delete(ref));
  }
  return p;
}
