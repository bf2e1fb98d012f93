import { describe, expect, test } from "vitest";
import { killedByLimit, runBounded, timeoutPrefix } from "./bounded-command.js";
import type { CommandRunner } from "./command-runner.js";

describe("a command killed by its time limit is told from one killed otherwise", () => {
  test.each<[string, { exitCode: number; output: string }, boolean]>([
    ["timeout said it killed (C locale)", { exitCode: 137, output: "timeout: sending signal KILL to command 'sleep'\n" }, true],
    ["timeout said it killed (UTF-8 quotes)", { exitCode: 137, output: "x\ntimeout: sending signal KILL to command ‘sh’" }, true],
    ["an OOM kill is also 137, but timeout said nothing", { exitCode: 137, output: "Killed" }, false],
    ["the message alone, with another exit code", { exitCode: 1, output: "timeout: sending signal KILL to command 'x'" }, false],
  ])("%s", (_, r, expected) => {
    expect(killedByLimit(r)).toBe(expected);
  });

  test("runBounded puts the limit in front of the script, quoted for sh -c", async () => {
    const seen: string[][] = [];
    const runner: CommandRunner = { run: async (argv) => (seen.push([...argv]), { exitCode: 0, output: "" }) };
    const r = await runBounded(runner, "echo 'a b'", 7);
    expect(seen).toEqual([["sh", "-c", `${timeoutPrefix(7)} sh -c 'echo '\\''a b'\\''' 2>&1`]]);
    expect(r.timedOut).toBe(false);
  });
});
