import { expect, test } from "vitest";
import { releaseFromHeader } from "./bzimage-release.js";

function header(version: string): Buffer {
  const buf = Buffer.alloc(0x1000);
  buf.write("HdrS", 0x202, "latin1");
  buf.writeUInt16LE(0x0c00 - 0x200, 0x20e);
  buf.write(`${version} (debian-kernel@lists.debian.org) #1 SMP\0`, 0x0c00, "latin1");
  return buf;
}

test("reads the release from a bzImage boot header", () => {
  expect(releaseFromHeader(header("6.1.0-50-amd64"))).toBe("6.1.0-50-amd64");
});

test("anything that is not a bzImage gives no release", () => {
  expect(releaseFromHeader(Buffer.alloc(0x1000))).toBeUndefined();
  expect(releaseFromHeader(Buffer.from("#!/bin/sh\n"))).toBeUndefined();
});
