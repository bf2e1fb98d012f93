import { expect, test } from "vitest";
import { descendantsOf } from "./kill-descendants.js";

test("finds children and grandchildren, not siblings or parents", () => {
  const parents = new Map([[10, 1], [11, 10], [12, 11], [13, 10], [20, 1], [1, 0]]);
  expect(descendantsOf(10, parents).sort()).toEqual([11, 12, 13]);
  expect(descendantsOf(20, parents)).toEqual([]);
});
