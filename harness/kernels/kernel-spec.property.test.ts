// Property tests: a --kernels name is host, debian:<series or suite>, or a path; anything else, and a
// path with no kernel at it, is a one-line InputError naming it, before anything is built.
import fc from "fast-check";
import { expect, test } from "vitest";
import { anyText, inputErrorOf, oneLineNaming } from "../platform/input-error.test-helpers.js";
import { DEBIAN_SUITES } from "../platform/suites.js";
import { parseKernelSpec, parseKernelSpecs } from "./kernel-spec.js";
import { checkKernelSpec } from "./vm-kernel.js";

const isPath = (s: string) => /^(\/|\.\/|\.\.\/)/.test(s.trim());

test("any name is host, a Debian series or suite, a path, or a one-line InputError naming it", async () => {
  const names = fc.oneof(
    fc.string(anyText),
    fc.string(anyText).map((s) => `debian:${s}`),
    fc.tuple(fc.nat(30), fc.nat(30)).map(([a, b]) => `debian:${a}.${b}`),
    fc.constantFrom(...DEBIAN_SUITES).map((s) => `debian:${s}`),
    fc.constantFrom("host", " host ", "HOST", "debian", "debian:", "debian:6", "debian:6.1.0", "fedora:40", "~/linux", "bzImage"),
  );
  await fc.assert(fc.asyncProperty(names, async (raw) => {
    const e = await inputErrorOf(() => parseKernelSpec(raw));
    if (e) return oneLineNaming(e, raw) && !isPath(raw) && raw.trim() !== "host";
    const spec = parseKernelSpec(raw);
    if (spec.kind === "host") return raw.trim() === "host";
    if (spec.kind === "path") return isPath(raw);
    return (DEBIAN_SUITES as readonly string[]).includes(spec.suite ?? "") || /^\d+\.\d+$/.test(spec.series ?? "");
  }), { numRuns: 1000 });
});

test("a list with one bad name is refused as a whole, naming that one", async () => {
  await fc.assert(fc.asyncProperty(fc.string(anyText).filter((s) => s.trim() !== "" && !s.includes(",") && !isPath(s) && s.trim() !== "host" && !s.trim().startsWith("debian:")), async (bad) => {
    const e = await inputErrorOf(() => parseKernelSpecs(["host", bad, "debian:6.1"]));
    return e !== undefined && oneLineNaming(e, bad);
  }), { numRuns: 300 });
});

test("a kernel path where there is none is a one-line InputError naming it (checked before any image is made)", async () => {
  await fc.assert(fc.asyncProperty(fc.string(anyText).filter((s) => !s.includes("\u0000")), async (tail) => {
    const raw = `/nonexistent-criu-lab-kernel/${tail}`;
    const e = await inputErrorOf(() => checkKernelSpec(parseKernelSpec(raw)));
    return e !== undefined && oneLineNaming(e, raw.trim());
  }), { numRuns: 200 });
  const e = await inputErrorOf(() => checkKernelSpec(parseKernelSpec("/etc/hostname")));
  expect(e?.oneLine()).toMatch(/is not a bzImage/);
});
