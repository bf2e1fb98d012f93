// The CRIU call's one round trip, run by the host's own sh against a stand-in criu (a script that
// writes its -o log and exits as told): what CRIU printed, its log, and what `after` printed come
// back apart.
import { execa } from "execa";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { CommandRunner } from "../platform/command-runner.js";
import { Criu } from "./criu-command.js";

let dir: string;
const hostShell: CommandRunner = {
  async run(argv) {
    const r = await execa(argv[0]!, argv.slice(1), { reject: false, all: true });
    return { exitCode: r.exitCode ?? -1, output: r.all ?? "" };
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "criu-lab-criu-call-"));
  // Exits with the code after "-t" (the dump's pid), logs to the file after "-o".
  const fake = `#!/bin/sh\nwhile [ $# -gt 0 ]; do case $1 in -t) rc=$2;; -o) log=$2;; esac; shift; done\necho "said $rc"\necho "(00.001) Error (criu/cr-dump.c:1): rc $rc" > "$log"\nexit $rc\n`;
  await writeFile(join(dir, "criu"), fake);
  await chmod(join(dir, "criu"), 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test("before and after run in the CRIU call's round trip; after only when CRIU exited 0", async () => {
  const criu = new Criu(hostShell, { binary: join(dir, "criu"), logDir: join(dir, "logs") });
  const ok = await criu.dump("dump", 0, join(dir, "img"), [], { before: `mkdir -p ${dir}/img/made`, after: `echo after; ls ${dir}/img` });
  expect([ok.exitCode, ok.output.trim(), ok.after?.trim()]).toEqual([0, "said 0", "after\nmade"]);
  expect(ok.logTail).toEqual(["(00.001) Error (criu/cr-dump.c:1): rc 0"]);
  const failed = await criu.dump("dump2", 1, join(dir, "img"), [], { after: "echo after" });
  expect([failed.exitCode, failed.output.trim(), failed.after]).toEqual([1, "said 1", undefined]);
  expect(failed.errors).toEqual(["Error (criu/cr-dump.c:1): rc 1"]);
});
