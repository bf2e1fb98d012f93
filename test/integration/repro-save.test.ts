// criu-lab repro --save writes a scenario and program pair into the project's scenarios/ and
// programs/, and the matrix runs it as it is. It runs alone (vitest.config.ts): while the pair is
// there, another run would list it, and criu-lab's revision (a digest of those folders) changes.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { criuLab, readSummary } from "../support/cli.js";

let results: string;

beforeAll(async () => {
  results = await mkdtemp(join(tmpdir(), "criu-lab-repro-save-"));
});

async function repro(args: string[]): Promise<{ exitCode: number; stderr: string }> {
  const r = await criuLab(["repro", ...args, "--results", results]);
  return { exitCode: r.exitCode ?? -1, stderr: r.stderr };
}

describe("--save", () => {
  const name = `zz-repro-save-${process.pid}`;
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const files = [join(root, "scenarios", `${name}.scenario.ts`), join(root, "programs", `${name.replaceAll("-", "_")}.c`)];

  afterAll(async () => {
    for (const f of files) await rm(f, { force: true });
  });

  test("writes a scenario and program pair that the matrix runs as it is", async () => {
    const r = await repro(["--run", "sleep 1000", "--versions", "4.1.1", "--cycles", "1", "--save", name]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(files.every((f) => existsSync(f))).toBe(true);
    expect(await readFile(files[0]!, "utf8")).toContain("plainProgram: { settleMs: 1000 }");
    const matrix = await criuLab(["matrix", "--versions", "4.1.1", "--scenarios", name, "--results", results]);
    expect(matrix.exitCode, matrix.all).toBe(0);
    const [cell] = (await readSummary(results)).cells;
    expect(cell?.outcome).toBe("pass");
    expect(cell?.steps.map((s) => s.name)).toEqual(["start", "dump", "restore", "check"]);
  });
});
