import { describe, expect, test } from "vitest";
import { searchReleases } from "./release-search.js";

/** Releases as verdicts; "-" cannot tell (a build error). The probe records the order it was asked. */
function fake(verdicts: string, cheapAt: number[] = []) {
  const asked: number[] = [];
  const list = verdicts.split(" ");
  const run = () => searchReleases(list.length, (i) => cheapAt.includes(i), async (i) => {
    asked.push(i);
    return list[i] === "-" ? undefined : list[i];
  });
  return { run, asked };
}

describe("searchReleases", () => {
  test("cheap releases first; when they agree, the newest end; then halving", async () => {
    // 0..5 pass, 6..7 fail; 2 and 5 are packaged.
    const f = fake("P P P P P P F F", [2, 5]);
    const r = await f.run();
    expect(r).toMatchObject({ last: 5, first: 6 });
    expect(f.asked).toEqual([2, 5, 7, 6]);
  });

  test("cheap releases that already disagree are the only ends needed", async () => {
    const f = fake("F F F F P P P P P", [3, 8]);
    expect(await f.run()).toMatchObject({ last: 3, first: 4 });
    expect(f.asked).toEqual([3, 8, 5, 4]);
  });

  test("a release that cannot tell is stepped over", async () => {
    const f = fake("P P - - F F");
    expect(await f.run()).toMatchObject({ last: 1, first: 4 });
    expect(f.asked).toEqual([5, 0, 2, 3, 1, 4]);
  });

  test("every release agreeing is no change, said so", async () => {
    const f = fake("P P P P", [1]);
    expect(await f.run()).toMatchObject({ none: 'every release that could tell says "P"' });
    expect(f.asked).toEqual([1, 3, 0]);
  });

  test("the number of probes stays logarithmic", async () => {
    const verdicts = [...Array(64).keys()].map((i) => (i < 41 ? "P" : "F")).join(" ");
    const f = fake(verdicts);
    expect(await f.run()).toMatchObject({ last: 40, first: 41 });
    expect(f.asked.length).toBeLessThanOrEqual(9);
  });
});
