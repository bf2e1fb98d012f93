// `criu-lab ci github`'s input checks: each bad input is one InputError naming what was typed.
import { describe, expect, test, vi } from "vitest";
import { InputError } from "../platform/errors.js";
import { ciCommand, parseCiOptions, parseShards } from "./ci-command.js";

describe("--shards", () => {
  test.each(["0", "-1", "abc", "1.5", "", "257", "2x", "1e2"])("%j is refused in one line that names it", (raw) => {
    expect(() => parseShards(raw)).toThrow(InputError);
    expect(() => parseShards(raw)).toThrow(`--shards "${raw}" is not a whole number from 1 to 256`);
  });

  test("--shards -1 on the command line is that one-line error too, not parseArgs' ambiguity", async () => {
    await expect(ciCommand(["github", "--shards", "-1"])).rejects.toThrow('--shards "-1" is not a whole number');
  });

  test.each([
    [undefined, 2],
    ["1", 1],
    ["3", 3],
    ["256", 256],
  ])("%j gives %i shard(s)", (raw, shards) => {
    expect(parseShards(raw)).toBe(shards);
  });
});

describe("what a GitHub runner can run", () => {
  test("nothing chosen: criu-lab's defaults at run time, 2 shards", () => {
    expect(parseCiOptions({})).toEqual({ versions: [], kernels: [], scenarios: [], shards: 2 });
  });

  test("packaged and Debian-source versions, host and Debian kernels, known scenarios", () => {
    const options = parseCiOptions({ versions: "4.1.1,deb-src:4.2.1", kernels: "host,debian:6.1", scenarios: "sched-reset-on-fork", shards: "3" });
    expect(options.versions).toEqual(["4.1.1", "deb-src:4.2.1"]);
    expect(options.kernels.map((k) => k.name)).toEqual(["host", "debian:6.1"]);
    expect(options.scenarios).toEqual(["sched-reset-on-fork"]);
  });

  test.each([
    [{ versions: "9.9.9" }, 'unknown CRIU version "9.9.9"'],
    [{ versions: "git:v4.0" }, 'CRIU version "git:v4.0" is built from a CRIU git clone, which CI must not depend on'],
    [{ kernels: "debian:wheezy" }, 'unknown kernel "debian:wheezy"'],
    [{ kernels: "/boot/vmlinuz" }, 'kernel "/boot/vmlinuz" is a path on this machine; a GitHub runner does not have it'],
    [{ scenarios: "no-such-scenario" }, 'unknown scenario "no-such-scenario"'],
  ])("%j is refused: %s", (values, message) => {
    expect(() => parseCiOptions(values)).toThrow(InputError);
    expect(() => parseCiOptions(values)).toThrow(message);
  });
});

test("ci --help prints its usage and returns 0", async () => {
  const write = vi.spyOn(process.stdout, "write").mockReturnValue(true);
  try {
    expect(await ciCommand(["--help"])).toBe(0);
    expect(String(write.mock.calls[0]?.[0])).toMatch(/^usage: criu-lab ci github /);
  } finally {
    write.mockRestore();
  }
});
