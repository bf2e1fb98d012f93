// Property tests: a CRIU version name is either one criu-lab can offer, or a one-line InputError naming it.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { anyText, inputErrorOf, oneLineNaming } from "../platform/input-error.test-helpers.js";
import { gitRefProblem } from "./git-ref-name.js";
import { CRIU_VERSIONS } from "./versions.js";
import { resolveVersions } from "./resolve-versions.js";

const PACKAGED = CRIU_VERSIONS.map((v) => v.version);

describe("resolveVersions", () => {
  test("any name resolves to a version criu-lab offers, or is a one-line InputError naming it", async () => {
    const names = fc.oneof(
      fc.string(anyText),
      fc.constantFrom(...PACKAGED).map((v) => `v${v}`),
      fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map(([a, b, c]) => `${a}.${b}.${c}`),
      fc.string(anyText).map((s) => `deb-src:${s}`),
      fc.string(anyText).map((s) => `git:${s}`),
    );
    await fc.assert(fc.asyncProperty(names, async (raw) => {
      const e = await inputErrorOf(() => resolveVersions([raw]));
      if (e) return oneLineNaming(e, raw);
      const [v] = resolveVersions([raw]);
      return v !== undefined && (PACKAGED.includes(v.version) || raw.startsWith("git:") || raw.startsWith("deb-src:"));
    }), { numRuns: 1000 });
  });

  test("made-up releases, deb-src of a version Debian has no package of, and git refs git refuses are errors", async () => {
    const unknownRelease = fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map(([a, b, c]) => `${a}.${b}.${c}`).filter((v) => !PACKAGED.includes(v));
    const badRef = fc.oneof(
      fc.constantFrom("-v4.0", "v4.0..v4.1", "a b", "x~1", "HEAD^", "ref:x", "a?", "a*", "a[1", "a\\b", "x.lock", "x/", "/x", "x.", "@", "a@{1}", "a//b", "a/.b", "\n"),
      // Names are trimmed first (a stray space or tab at either end is not part of the ref).
      fc.string(anyText).filter((s) => s.trim().length > 0 && /[\u0000-\u0020\u007f~^:?*[\\]/.test(s.trim())),
    );
    const bad = fc.oneof(unknownRelease, unknownRelease.map((v) => `deb-src:${v}`), badRef.map((r) => `git:${r}`));
    await fc.assert(fc.asyncProperty(bad, async (raw) => {
      const e = await inputErrorOf(() => resolveVersions([raw]));
      return e !== undefined && oneLineNaming(e, raw);
    }), { numRuns: 500 });
  });

  test("every packaged version, with or without its v, resolves to itself", () => {
    for (const v of PACKAGED) {
      expect(resolveVersions([v])[0]!.version).toBe(v);
      expect(resolveVersions([`v${v}`])[0]!.version).toBe(v);
      expect(resolveVersions([`deb-src:${v}`])[0]!.source.kind).toBe("deb-src");
    }
  });
});

test("git refs people type are accepted", () => {
  for (const ref of ["v4.0", "criu-dev", "3d5c8e1", "origin/criu-dev", "v3.19-rc1", "a9cbdad76b"]) expect(gitRefProblem(ref)).toBeUndefined();
});
