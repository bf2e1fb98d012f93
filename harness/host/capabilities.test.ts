import { expect, test } from "vitest";
import { missingCapabilities, ownBoundingSet } from "./capabilities.js";

test("the bounding set measured on these hosts lacks only CAP_SYS_RESOURCE", () => {
  expect(missingCapabilities("000001fffeffffff")).toEqual(["SYS_RESOURCE"]);
});

test("a full bounding set lacks nothing", () => {
  expect(missingCapabilities("000001ffffffffff")).toEqual([]);
});

test("reads CapBnd from a status text", () => {
  expect(ownBoundingSet("Name:\tx\nCapBnd:\t000001fffeffffff\n")).toBe("000001fffeffffff");
});
