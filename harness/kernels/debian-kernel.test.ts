import { expect, test } from "vitest";
import { parseKernelOffer } from "./debian-kernel.js";

test("bookworm: the series and release come from the linux-image the metapackage depends on", () => {
  const show = "Package: linux-image-amd64\nSource: linux-signed-amd64 (6.1.176+1)\nVersion: 6.1.176-1\nDepends: linux-image-6.1.0-50-amd64 (= 6.1.176-1)\n";
  expect(parseKernelOffer("bookworm", show)).toEqual({
    suite: "bookworm", package: "linux-image-6.1.0-50-amd64", release: "6.1.0-50-amd64", version: "6.1.176-1", series: "6.1",
  });
});

test("sid: linux-base-amd64 comes first in Depends; only the first stanza counts", () => {
  const show = [
    "Package: linux-image-amd64\nVersion: 7.2.13-1\nDepends: linux-base-amd64 (= 7.2.13-1), linux-image-7.2.13+deb14-amd64 (= 7.2.13-1)",
    "Package: linux-image-amd64\nVersion: 7.1.4-1\nDepends: linux-image-7.1.4+deb14-amd64 (= 7.1.4-1)",
  ].join("\n\n");
  expect(parseKernelOffer("sid", show)).toMatchObject({ release: "7.2.13+deb14-amd64", series: "7.2", version: "7.2.13-1" });
});

test("no linux-image dependency: no offer", () => {
  expect(parseKernelOffer("trixie", "Package: linux-image-amd64\nVersion: 1\n")).toBeUndefined();
  expect(parseKernelOffer("trixie", "")).toBeUndefined();
});
