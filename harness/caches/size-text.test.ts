import fc from "fast-check";
import { expect, test } from "vitest";
import { anyText, inputErrorOf, oneLineNaming } from "../platform/input-error.test-helpers.js";
import { formatSize, parseSize } from "./size-text.js";

test("sizes people write", () => {
  expect(parseSize("--keep-size", "20G")).toBe(20 * 2 ** 30);
  expect(parseSize("--keep-size", "1.5t")).toBe(1.5 * 2 ** 40);
  expect(parseSize("--keep-size", "512MiB")).toBe(512 * 2 ** 20);
  expect(parseSize("--keep-size", "1000")).toBe(1000);
  expect(formatSize(20 * 2 ** 30)).toBe("20.0 GiB");
  expect(formatSize(512)).toBe("512 B");
});

test("anything else is a one-line InputError naming the option and the value", async () => {
  const good = /^\s*\d+(\.\d+)?\s*[kmgt]?(i?b)?\s*$/i;
  await fc.assert(fc.asyncProperty(fc.oneof(fc.string(anyText), fc.constantFrom("-1G", "20X", "G", "1..5G", "", "1e3", "20 GB GB")).filter((s) => !good.test(s)), async (s) => {
    const e = await inputErrorOf(() => parseSize("--keep-size", s));
    return e !== undefined && oneLineNaming(e, "--keep-size", s);
  }), { numRuns: 500 });
});
