import { describe, expect, test } from "vitest";
import { kernelSemver, parseKernelSpec, parseKernelSpecs } from "./kernel-spec.js";

describe("parseKernelSpec", () => {
  test.each([
    ["host", { kind: "host", name: "host" }],
    ["debian:6.1", { kind: "debian", name: "debian:6.1", series: "6.1" }],
    ["debian:bookworm", { kind: "debian", name: "debian:bookworm", suite: "bookworm" }],
    ["/boot/vmlinuz-6.9", { kind: "path", name: "/boot/vmlinuz-6.9", path: "/boot/vmlinuz-6.9" }],
    ["./linux/out", { kind: "path", name: "./linux/out", path: "./linux/out" }],
  ])("%s", (raw, spec) => expect(parseKernelSpec(raw)).toEqual(spec));

  test.each(["debian:6", "debian:buster", "6.1", "fedora:40", ""])("rejects %j and names it", (raw) => {
    expect(() => parseKernelSpec(raw)).toThrow(`unknown kernel "${raw}"`);
  });

  test("no flag means the host kernel; duplicates go", () => {
    expect(parseKernelSpecs(undefined).map((s) => s.name)).toEqual(["host"]);
    expect(parseKernelSpecs(["debian:6.1", "host", "debian:6.1"]).map((s) => s.name)).toEqual(["debian:6.1", "host"]);
  });
});

test.each([
  ["6.1.0-50-amd64", "6.1.0"],
  ["7.2.13+deb14-amd64", "7.2.13"],
  ["6.18.44", "6.18.44"],
  ["6.9", "6.9.0"],
  ["weird", undefined],
])("kernelSemver(%s)", (release, want) => expect(kernelSemver(release)).toBe(want));
