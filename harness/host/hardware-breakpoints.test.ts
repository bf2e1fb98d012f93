import { describe, expect, test } from "vitest";
import { parseBreakpointsProbe } from "./hardware-breakpoints.js";
import { criuEnvironment, describeProfile, dockerRunFlags, type SecurityProfile } from "./security-profile.js";

const CAPS = { kind: "capabilities" as const, capDrop: ["SYS_RESOURCE"], cpuRtRuntimeUs: 20_000, why: "--privileged refused" };

describe("the hardware breakpoints probe", () => {
  test.for([
    ["breakpoints: work\n", "work"],
    ["breakpoints: broken\n", "broken"],
    ["breakpoints: unknown: not x86_64\n", "unknown"],
    ["sh: 1: gcc: not found\n", "unknown"],
  ] as const)("%j reads as %s", ([output, state]) => {
    expect(parseBreakpointsProbe(output).state).toBe(state);
  });

  test("an unknown answer keeps why", () => {
    expect(parseBreakpointsProbe("sh: 1: gcc: not found\n")).toEqual({ state: "unknown", why: "the probe printed: sh: 1: gcc: not found" });
  });
});

describe("a profile where breakpoints are broken", () => {
  const broken: SecurityProfile = { ...CAPS, breakpoints: parseBreakpointsProbe("breakpoints: broken") };
  const working: SecurityProfile = { ...CAPS, breakpoints: { state: "work" } };

  test("gives CRIU no-breakpoints mode, and only there", () => {
    expect(criuEnvironment(broken)).toEqual({ CRIU_FAULT: "130" });
    expect(criuEnvironment(working)).toEqual({});
    expect(dockerRunFlags(broken)).toContain("--env=CRIU_FAULT=130");
    expect(dockerRunFlags(working).some((f) => f.startsWith("--env="))).toBe(false);
  });

  test("says so in the run header, with the upstream commit", () => {
    expect(describeProfile(broken)).toMatch(/hardware breakpoints don't fire here .*CRIU_FAULT=130.*1eaa870cc/);
    expect(describeProfile(working)).not.toMatch(/breakpoints/);
  });
});
