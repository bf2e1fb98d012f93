// criu-lab repro on real CRIU (4.1.1 on this host's kernel): a shell command with no C and no
// scenario file, the check after every restore; and bad input, each a clear cell outcome or one
// line, with none of the run's containers left behind. --save: repro-save.test.ts.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { criuLab, labelledContainers, readSummary } from "../support/cli.js";

let results: string;
let runs = 0;

/** A repro run with a known run id, so its containers can be looked for afterwards. */
async function repro(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string; runId: string }> {
  const runId = `test-repro-${process.pid}-${++runs}`;
  const r = await criuLab(["repro", ...args, "--results", results], { CRIU_LAB_RUN_ID: runId });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr, runId };
}

async function leftovers(runId: string): Promise<string[]> {
  return labelledContainers(`label=criu-lab.run=${runId}`);
}

beforeAll(async () => {
  results = await mkdtemp(join(tmpdir(), "criu-lab-repro-"));
});

describe("a reproduction from a shell command", () => {
  test("a pipeline is dumped and restored twice, the tree unchanged, and the answer is Markdown", async () => {
    const r = await repro(["--run", "sleep 1000 | cat", "--versions", "4.1.1"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^### criu-lab repro: `sleep 1000 \| cat` \(run by \/bin\/sh\)/);
    expect(r.stdout).toMatch(/^\| 4\.1\.1 \| pass \|$/m);
    expect(r.stdout).toMatch(/^\| 4\.1\.1 \| host \| [^|]+ \| Debian GNU\/Linux 13 \(trixie\) \| glibc 2\.\d+ \| Version: 4\.1\.1 \|$/m);
    expect(r.stdout).toContain("<summary><code>criu check --all</code>");
    const [cell] = (await readSummary(results)).cells;
    expect(cell?.steps.map((s) => s.name)).toEqual(["start", "dump", "restore", "check", "re-dump", "re-restore", "re-check"]);
    expect(await leftovers(r.runId)).toEqual([]);
  });

  test("--check runs after every restore with $PID; one that never passes fails the cell, one that hangs is stopped", async () => {
    const passing = await repro(["--run", "sleep 1000", "--versions", "4.1.1", "--cycles", "1", "--check", "test -d /proc/$PID && test \"$(ps -o comm= --ppid $PID)\" = sleep"]);
    expect(passing.stdout, passing.stderr).toMatch(/^\| 4\.1\.1 \| pass \|$/m);
    const failing = await repro(["--run", "sleep 1000", "--versions", "4.1.1", "--cycles", "1", "--check", "echo never; false"]);
    expect(failing.exitCode).toBe(0);
    expect(failing.stdout).toMatch(/^\| 4\.1\.1 \| \*\*fail\*\* \|$/m);
    expect(failing.stdout).toContain("fail: check: outside check (`echo never; false` exits 0): `echo never; false` exited 1: never");
    const hanging = await repro(["--run", "sleep 1000", "--versions", "4.1.1", "--cycles", "1", "--check", "sleep 600", "--check-timeout", "2"]);
    expect(hanging.stdout).toContain("`sleep 600` did not finish within 2 s");
    for (const r of [passing, failing, hanging]) expect(await leftovers(r.runId)).toEqual([]);
  });
});

describe("bad input", () => {
  test("a --run that exits at once is one line, and nothing is left running", async () => {
    const r = await repro(["--run", "echo bye", "--versions", "4.1.1"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("criu-lab: the process"))).toEqual([
      expect.stringMatching(/^criu-lab: the process did not stay up to be dumped: the program exited within 1\.000 s of its start, before any dump; its output: bye/),
    ]);
    expect(await leftovers(r.runId)).toEqual([]);
  });

  test("a --program that does not compile is one line with the compiler's error", async () => {
    const file = join(results, "broken.c");
    await writeFile(file, "int main(void) { return undefined_thing; }\n");
    const r = await repro(["--program", file, "--versions", "4.1.1"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(/^criu-lab: .*broken\.c does not compile in any CRIU image: .*'undefined_thing' undeclared/);
    expect(await leftovers(r.runId)).toEqual([]);
  });

  test("no process, two processes, an unknown version: one line each, before anything is built", async () => {
    for (const [args, line] of [
      [["--versions", "4.1.1"], /^criu-lab: repro needs the process: --run "shell command" or --program file.c/],
      [["--run", "true", "--program", "x.c"], /^criu-lab: repro needs the process/],
      [["--run", "sleep 1", "--versions", "9.9"], /^criu-lab: unknown CRIU version "9\.9" \(criu-lab can offer 3\.17\.1/],
      [["--run", "sleep 1", "--cycles", "0"], /^criu-lab: --cycles 0: want a whole number above 0/],
    ] as const) {
      const r = await criuLab(["repro", ...args]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr.split("\n").filter((l) => l.startsWith("criu-lab:"))).toEqual([expect.stringMatching(line)]);
    }
  });
});
