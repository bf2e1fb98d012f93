import { describe, expect, test } from "vitest";
import { CriuLabError } from "../platform/errors.js";
import { CRIU_VERSIONS } from "./versions.js";
import { resolveVersions } from "./resolve-versions.js";
import { contentKey } from "../platform/content-key.js";

describe("resolveVersions (names that need no tags)", () => {
  test("no names means every version that can be had", () => {
    expect(resolveVersions(undefined).map((v) => v.version)).toEqual(CRIU_VERSIONS.map((v) => v.version));
  });

  test("names resolve to their source, with or without a v", () => {
    expect(resolveVersions(["4.1.1", "v3.17.1"]).map((v) => v.source.kind === "debian-package" && v.source.suite)).toEqual(["trixie", "bookworm"]);
  });

  test("git: and deb-src: name source builds", () => {
    const [git, deb] = resolveVersions(["git:v4.0", "deb-src:4.2.1"], { criuRepo: "/src/criu" });
    expect(git?.source).toEqual({ kind: "git", repo: "/src/criu", ref: "v4.0" });
    expect(deb?.source).toEqual({ kind: "deb-src", suite: "sid", upstream: "4.2.1" });
    expect(() => resolveVersions(["deb-src:9.9"])).toThrow(/unknown CRIU version "deb-src:9.9"/);
  });

  test("an unknown version is one line naming it and what can be had", () => {
    try {
      resolveVersions(["9.9"]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CriuLabError);
      const line = (e as CriuLabError).oneLine();
      expect(line).toContain('unknown CRIU version "9.9"');
      expect(line).toContain("4.2.1 (Debian sid package)");
      expect(line).not.toContain("\n");
    }
  });
});

describe("contentKey", () => {
  test("ignores key order, changes with content", () => {
    expect(contentKey({ a: 1, b: [2, 3] })).toBe(contentKey({ b: [2, 3], a: 1 }));
    expect(contentKey({ a: 1 })).not.toBe(contentKey({ a: 2 }));
    expect(contentKey({ a: 1 })).toMatch(/^[0-9a-f]{12}$/);
  });
});
