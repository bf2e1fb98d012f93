// What users type for --kernels: `host`, `debian:<series or suite>`, or a path to a kernel they built.
import { InputError } from "../platform/errors.js";
import { DEBIAN_SUITES, type DebianSuite } from "../platform/suites.js";

export type KernelSpec =
  /** The host's own kernel: the container executor. */
  | { kind: "host"; name: "host" }
  /** Debian's kernel package of a series (`debian:6.1`) or of a suite (`debian:bookworm`). */
  | { kind: "debian"; name: string; series?: string; suite?: DebianSuite }
  /** A bzImage the user built, with its modules (from `make modules_install INSTALL_MOD_PATH=...`) if any. */
  | { kind: "path"; name: string; path: string };

export const KERNEL_SPEC_HELP =
  "host, debian:<series> (debian:5.10, debian:6.1, ...) or debian:<suite> (bullseye, bookworm, trixie, sid), " +
  "or a path: a bzImage file, or a directory with bzImage (or boot/vmlinuz-*) and lib/modules/<release>";

export function parseKernelSpec(raw: string): KernelSpec {
  const text = raw.trim();
  if (text === "host") return { kind: "host", name: "host" };
  if (text.startsWith("debian:")) {
    const what = text.slice("debian:".length);
    if ((DEBIAN_SUITES as readonly string[]).includes(what)) return { kind: "debian", name: text, suite: what as DebianSuite };
    if (/^\d+\.\d+$/.test(what)) return { kind: "debian", name: text, series: what };
    throw new InputError(`unknown kernel "${raw}"`, { hint: `debian: takes a series like 6.1 or a suite; kernels are ${KERNEL_SPEC_HELP}` });
  }
  if (text.startsWith("/") || text.startsWith("./") || text.startsWith("../")) return { kind: "path", name: text, path: text };
  throw new InputError(`unknown kernel "${raw}"`, { hint: `kernels are ${KERNEL_SPEC_HELP}` });
}

/** `--kernels` as typed; no flag means the host kernel only. Duplicates are dropped. */
export function parseKernelSpecs(names: readonly string[] | undefined): KernelSpec[] {
  const specs = (names ?? ["host"]).map(parseKernelSpec);
  return specs.filter((s, i) => specs.findIndex((o) => o.name === s.name) === i);
}

/** Kernel releases as semver-comparable versions: "6.1.0-50-amd64" -> "6.1.0", "7.2.13+deb14-amd64" -> "7.2.13". */
export function kernelSemver(release: string): string | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
  return m ? `${m[1]}.${m[2]}.${m[3] ?? "0"}` : undefined;
}
