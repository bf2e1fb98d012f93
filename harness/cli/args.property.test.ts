// Property tests: every bad CLI number is a one-line InputError naming it, and every good one parses.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { anyText, inputErrorOf, oneLineNaming } from "../platform/input-error.test-helpers.js";
import { parseOptions, shardSpec, wholeNumber } from "./args.js";
import { parseMatrixOptions } from "./matrix-options.js";

const RANGE = { min: 1, max: 256 };
/** Strings that are not a whole number in 1..256 (as typed, spaces around allowed). */
const isGood = (s: string) => /^\s*0*([1-9]\d*)\s*$/.test(s) && Number(s.trim()) <= 256;

/** Typical mistakes, mixed with anything at all. */
const badNumbers = fc.oneof(
  fc.constantFrom("0", "-1", "abc", "", " ", "1.5", "2x", "1e3", "0x10", "+3", "NaN", "Infinity", "٣", "1 2", "257", "99999999999999999999"),
  fc.integer({ max: 0 }).map(String),
  fc.integer({ min: 257 }).map(String),
  fc.double({ noInteger: true }).map(String),
  fc.string(anyText).filter((s) => !isGood(s)),
);

describe("wholeNumber", () => {
  test("every value that is not a whole number in range is a one-line InputError naming the flag and the value", async () => {
    await fc.assert(fc.asyncProperty(badNumbers, async (s) => {
      const e = await inputErrorOf(() => wholeNumber("--parallel", s, RANGE));
      return e !== undefined && oneLineNaming(e, "--parallel", s);
    }), { numRuns: 500 });
  });

  test("every whole number in range parses to itself", () => {
    const lead = fc.constantFrom("", " ", "0", " 00");
    const trail = fc.constantFrom("", " ", "\t");
    fc.assert(fc.property(fc.integer({ min: 1, max: 256 }), lead, trail, (n, l, t) => wholeNumber("--repeat", `${l}${n}${t}`, RANGE) === n));
  });
});

describe("shardSpec", () => {
  test("i/n with 1 <= i <= n <= 1000 parses; anything else is a one-line InputError naming it", async () => {
    const pairs = fc.tuple(fc.integer({ min: -5, max: 1005 }), fc.integer({ min: -5, max: 1005 })).map(([i, n]) => `${i}/${n}`);
    await fc.assert(fc.asyncProperty(fc.oneof(pairs, fc.string(anyText)), async (s) => {
      const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(s);
      const good = m !== null && Number(m[1]) >= 1 && Number(m[1]) <= Number(m[2]) && Number(m[2]) <= 1000;
      const e = await inputErrorOf(() => shardSpec(s));
      return good ? e === undefined && shardSpec(s).index === Number(m[1]) : e !== undefined && oneLineNaming(e, "--shard", s);
    }), { numRuns: 500 });
  });
});

describe("--parallel through the matrix command's option parser", () => {
  test("--parallel 0, abc and -1 (also as --parallel=-1) are one-line InputErrors naming the value", async () => {
    for (const argv of [["--parallel", "0"], ["--parallel", "abc"], ["--parallel", "-1"], ["--parallel=-1"], ["--parallel", "-1.5"]]) {
      const value = argv.length === 2 ? argv[1]! : "-1";
      const e = await inputErrorOf(() => parseMatrixOptions(argv));
      expect(e, argv.join(" ")).toBeDefined();
      expect(oneLineNaming(e!, "--parallel", value), e!.oneLine()).toBe(true);
    }
  });

  test("any bad --parallel value, written either way, is refused before anything else is looked at", async () => {
    await fc.assert(fc.asyncProperty(badNumbers, fc.boolean(), async (s, joined) => {
      const argv = joined ? [`--parallel=${s}`] : ["--parallel", s];
      // A dash value is taken as the value; one that names another option is refused as a missing value.
      const e = await inputErrorOf(() => parseMatrixOptions([...argv, "--versions", "no-such-version"]));
      return e !== undefined && oneLineNaming(e, "--parallel") && (/needs a value/.test(e.message) || oneLineNaming(e, s));
    }), { numRuns: 300 });
  });

  test("an option missing its value, or unknown, is one line too", async () => {
    for (const argv of [["--parallel"], ["--parallel", "--versions", "4.1.1"], ["--paralel", "2"]]) {
      const e = await inputErrorOf(() => parseOptions({ args: argv, options: { parallel: { type: "string" }, versions: { type: "string" } }, strict: true }));
      expect(e, argv.join(" ")).toBeDefined();
      expect(oneLineNaming(e!, argv[0]!), e!.oneLine()).toBe(true);
    }
  });
});
