import { describe, expect, test } from "vitest";
import type { ReadyVersion, VersionPlan } from "./run-plan.js";
import { vmGuests } from "./vm-guests.js";

function packaged(version: string): ReadyVersion {
  return { version, semver: version, state: "ready", image: `criu-lab/criu:${version}-k`, builtNow: false, buildMs: 0, programs: {} };
}

function built(version: string, suite: string): ReadyVersion {
  const userland = `criu-lab/runtime-base:${suite}-k`;
  return { ...packaged(version), image: `criu-lab/criu-src:${version}`, installable: { userland, userlandName: suite, buildDir: `/cache/builds/${version}-${suite}` } };
}

describe("which CRIU versions share a VM on a kernel", () => {
  test("builds of one userland share one VM, installed; each packaged version keeps its own image", () => {
    const versions: VersionPlan[] = [packaged("3.17.1"), built("git:v4.0", "trixie"), packaged("4.1.1"), built("git:v4.1", "trixie"), built("git:v3.19", "bookworm")];
    const guests = vmGuests("debian:6.1", versions);
    expect(guests.map((g) => [g.describe, g.image, g.versions.map((v) => [v.version.version, v.install?.buildDir ?? "own image"])])).toEqual([
      ["CRIU 3.17.1", "criu-lab/criu:3.17.1-k", [["3.17.1", "own image"]]],
      ["trixie userland", "criu-lab/runtime-base:trixie-k", [["git:v4.0", "/cache/builds/git:v4.0-trixie"], ["git:v4.1", "/cache/builds/git:v4.1-trixie"]]],
      ["CRIU 4.1.1", "criu-lab/criu:4.1.1-k", [["4.1.1", "own image"]]],
      ["bookworm userland", "criu-lab/runtime-base:bookworm-k", [["git:v3.19", "/cache/builds/git:v3.19-bookworm"]]],
    ]);
    expect(new Set(guests.map((g) => g.id)).size).toBe(4);
    expect(guests[0]!.id).toBe("debian-6.1_3.17.1");
    expect(guests[1]!.id).toMatch(/^debian-6\.1_trixie-userland-[0-9a-f]{6}$/);
  });

  test("a version that is not ready gets no VM; the same userland on two kernels is two VMs", () => {
    const broken: VersionPlan = { version: "git:bad", semver: "git:bad", state: "build-error", reason: "x", logTail: [] };
    expect(vmGuests("debian:6.1", [broken])).toEqual([]);
    const [a] = vmGuests("debian:6.1", [built("git:v4.0", "trixie")]);
    const [b] = vmGuests("debian:6.12", [built("git:v4.0", "trixie")]);
    expect(a!.id).not.toBe(b!.id);
  });

  test("two --base userlands of one name stay apart", () => {
    const one = built("git:v4.1", "ubuntu:22.04");
    const other = { ...built("git:v4.2", "ubuntu:22.04"), installable: { ...one.installable!, userland: "criu-lab/user-builder:ubuntu-22.04-other", buildDir: "/b" } };
    const guests = vmGuests("debian:6.1", [one, other]);
    expect(guests).toHaveLength(2);
    expect(guests[0]!.id).not.toBe(guests[1]!.id);
  });
});
