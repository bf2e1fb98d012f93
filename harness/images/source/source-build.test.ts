import { expect, test } from "vitest";
import { builderOrder } from "./source-build.js";

test("old CRIU builds in bullseye first, falling back to bookworm; v4.0+ in trixie only", () => {
  expect(builderOrder([3, 14])).toEqual(["bullseye", "bookworm"]);
  expect(builderOrder([3, 17])[0]).toBe("bullseye");
  expect(builderOrder([3, 19])[0]).toBe("bookworm");
  expect(builderOrder([4, 0])).toEqual(["trixie"]);
});
