import { describe, expect, test } from "vitest";
import { CriuLabError } from "../errors.js";
import { CRIU_VERSIONS, resolveVersions } from "./versions.js";
import { contentKey } from "./image-key.js";

describe("resolveVersions", () => {
  test("no names means every version that can be had", () => {
    expect(resolveVersions(undefined).map((v) => v.version)).toEqual(CRIU_VERSIONS.map((v) => v.version));
  });

  test("names resolve to their source, with or without a v", () => {
    expect(resolveVersions(["4.1.1", "v3.17.1"]).map((v) => v.source.suite)).toEqual(["trixie", "bookworm"]);
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
