// Which CRIU versions share a VM on a kernel, and bringing each VM up. A CRIU built from source runs
// on its builder's userland (the suite's runtime base image: the libraries it was built against, and
// nothing of its own but criu and criu-ns), so every build of one userland shares one VM: booted
// once, each build installed into it through the agent (criu-install.ts) and run from its own folder.
// A packaged version brings its own packages and libraries with it: it keeps a VM of its own image.
import { join } from "node:path";
import type { InstallableBuild } from "../images/criu-image.js";
import { contentKey } from "../platform/content-key.js";
import type { ReadyVersion, VersionPlan } from "./run-plan.js";

/** One VM to bring up on a kernel, and the versions that run in it. */
export interface VmGuest {
  /** Unique per kernel and guest; names the VM's lock, socket and console. */
  id: string;
  /** The image exported as the root disk. */
  image: string;
  /** For people: "CRIU 4.1.1" (its own image) or "trixie userland" (builds installed). */
  describe: string;
  versions: { version: ReadyVersion; install?: InstallableBuild }[];
}

function slug(text: string): string {
  return text.replace(/[^\w.-]+/g, "-");
}

/** The VMs a kernel needs for these versions: one per userland that builds share, one per other version. */
export function vmGuests(kernel: string, versions: readonly VersionPlan[]): VmGuest[] {
  const guests = new Map<string, VmGuest>();
  for (const v of versions) {
    if (v.state !== "ready") continue;
    const install = v.installable;
    const key = install ? `userland ${install.userland}` : `image ${v.image}`;
    let guest = guests.get(key);
    if (!guest) {
      const label = install ? `${slug(install.userlandName)}-userland` : slug(v.version);
      // A userland's name can repeat (two --base images of one name): the image keeps ids apart.
      const id = install ? `${slug(kernel)}_${label}-${contentKey(install.userland, 6)}` : `${slug(kernel)}_${label}`;
      guest = { id, image: install?.userland ?? v.image, describe: install ? `${install.userlandName} userland` : `CRIU ${v.version}`, versions: [] };
      guests.set(key, guest);
    }
    guest.versions.push({ version: v, ...(install ? { install } : {}) });
  }
  return [...guests.values()];
}

/** Where a VM's serial console is kept: results/<run>/vms/<id>.console.log. */
export function consoleLogOf(dir: string, guest: VmGuest): string {
  return join(dir, `${guest.id}.console.log`);
}
