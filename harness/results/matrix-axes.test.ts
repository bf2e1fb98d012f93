import { expect, test } from "vitest";
import { versionsOf } from "./matrix-axes.js";

test("versions go in release order, whatever names them; names with no release last", () => {
  const names = ["git:3d5c8e1", "4.2.1", "git:v3.14", "deb-src:4.2.1", "3.17.1", "git:v3.16.1", "git:v4.0", "distro", "git:v3.17.1"];
  expect(versionsOf(names.map((criuVersion) => ({ criuVersion })))).toEqual(["git:v3.14", "git:v3.16.1", "3.17.1", "git:v3.17.1", "git:v4.0", "4.2.1", "deb-src:4.2.1", "distro", "git:3d5c8e1"]);
});
