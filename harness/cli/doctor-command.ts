// `criu-lab doctor`: what this host offers (engine, kernel, security profile, CRIU versions, VM kernels), and
// what to do about anything missing. It changes nothing.
import { execa } from "execa";
import { release } from "node:os";
import { pingEngine, DOCKERD_FLAGS } from "../host/docker-engine.js";
import { hostOsName, isDebianLikeRoot, missingPackages } from "../platform/debian-packages.js";
import { describeProfile, probeSecurityProfile } from "../host/security-profile.js";
import { baseImageFor } from "../images/base-image.js";
import { criuImageTag } from "../images/criu-image.js";
import { imageExists } from "../platform/docker-cli.js";
import { CRIU_VERSIONS, describeSource } from "../images/versions.js";
import { knownAccel, kvmDeviceUsable } from "../executors/vm/accel.js";
import { knownDebianKernels } from "../kernels/debian-kernel.js";
import { cacheSizeRows } from "../caches/cache-sizes.js";

/** The kernel axis: qemu, KVM or TCG, and the kernels `--kernels` can name. */
async function vmRows(): Promise<void> {
  const qemu = await execa("qemu-system-x86_64", ["--version"], { reject: false });
  row("qemu", qemu.exitCode === 0 ? qemu.stdout.split("\n")[0]! : "missing: criu-lab installs qemu-system-x86 the first time --kernels names a VM kernel");
  const known = await knownAccel();
  if (known) row("vm accel", `${known.accel}: ${known.why}`);
  else if (await kvmDeviceUsable()) row("vm accel", "/dev/kvm is there; the first VM run probes whether KVM boots a guest (else TCG)");
  else row("vm accel", "tcg (no usable /dev/kvm): VMs run under software emulation, a few times slower");
  row("kernels", "host (containers on this kernel); a bzImage path or a directory with bzImage + lib/modules; and Debian's:");
  for (const k of await knownDebianKernels()) {
    const what = k.offer ? `${k.offer.package} ${k.offer.version}${k.downloaded ? ", downloaded" : ", downloaded on first use"}` : "looked up on first use";
    row(`  debian:${k.series ?? k.suite}`, `Debian ${k.suite}: ${what}${k.series ? ` (also debian:${k.suite})` : ""}`);
  }
}

function row(name: string, value: string): void {
  process.stdout.write(`${name.padEnd(18)} ${value}\n`);
}

export async function doctorCommand(): Promise<number> {
  row("host", `${hostOsName()}, kernel ${release()}, ${isDebianLikeRoot() ? "root on Debian (criu-lab can install what it needs)" : "not root on Debian (install packages yourself)"}`);
  const missing = await missingPackages(["docker.io", "debootstrap"]).catch(() => ["docker.io", "debootstrap"]);
  const engine = await pingEngine();
  if (engine) {
    row("docker engine", `${engine.serverVersion} (API ${engine.apiVersion}) at ${engine.endpoint}, kernel ${engine.kernel}`);
  } else {
    const dockerd = (await execa("sh", ["-c", "command -v dockerd"], { reject: false })).stdout.trim();
    row("docker engine", `not answering. ${dockerd ? `criu-lab will start ${dockerd} ${DOCKERD_FLAGS.join(" ")}` : "criu-lab will install docker.io and start dockerd"} on the next setup/matrix/test run`);
  }
  row("debootstrap", missing.includes("debootstrap") ? "missing: criu-lab installs it when it first makes a base image" : "installed");
  let usable: string | undefined;
  for (const v of CRIU_VERSIONS) {
    if (v.source.kind !== "debian-package") continue;
    const base = baseImageFor(v.source.suite);
    const tag = criuImageTag({ ...v, source: v.source }, base.key);
    const have = engine ? await imageExists(tag) : false;
    if (have) usable ??= tag;
    row(`CRIU ${v.version}`, `${describeSource(v.source)}: ${have ? `image ${tag}` : "no image yet: `criu-lab setup` makes it (about a minute per suite)"}`);
  }
  row("from source", `every release from 3.14 by name or range (its tag in --criu-repo; \`criu-lab versions\` lists them), deb-src:${CRIU_VERSIONS.map((v) => v.version).join("|")} (Debian source packages), git:<tag|branch|commit>; builders: bullseye (v3.14-3.17), bookworm (v3.18-3.19), trixie (v4.0+), or the --base image`);
  if (usable) {
    row("containers run", describeProfile(await probeSecurityProfile(usable)));
  } else {
    row("containers run", "not probed yet: needs an image (run `criu-lab setup`)");
  }
  await vmRows();
  row("caches", "what criu-lab keeps between runs (see criu-lab gc):");
  for (const [name, value] of await cacheSizeRows()) row(name, value);
  return 0;
}
