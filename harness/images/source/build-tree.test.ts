// Kept build trees follow content, not ancestry: a commit of another clone with mostly the same files
// reuses the tree, and the tree ends up holding exactly the commit's files (plus build outputs).
import { execa } from "execa";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { dir as tmpDir } from "tmp-promise";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildTree, failsInReplacedFile, manifestChanges } from "./build-tree.js";
import { exportTree } from "./git-source.js";

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await execa("git", ["-c", "user.email=t@localhost", "-c", "user.name=t", ...args], { cwd: dir })).stdout.trim();
}

/** A repository of its own (its own root commit) with these files, and the commit id. */
async function repoWith(dir: string, files: Record<string, string>): Promise<string> {
  await mkdir(dir, { recursive: true });
  await git(dir, "init", "--quiet");
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  await git(dir, "add", "-A");
  await git(dir, "commit", "--quiet", "-m", `files of ${dir}`);
  return git(dir, "rev-parse", "HEAD");
}

describe("kept build trees", () => {
  let root: Awaited<ReturnType<typeof tmpDir>>;
  const saved = process.env.CRIU_LAB_CACHE;
  beforeAll(async () => {
    root = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-tree-test-" });
    process.env.CRIU_LAB_CACHE = join(root.path, "cache");
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.CRIU_LAB_CACHE;
    else process.env.CRIU_LAB_CACHE = saved;
    await root.cleanup();
  });

  test("manifestChanges names new, changed and removed paths only", () => {
    const held = new Map([["a", "100644 blob 1"], ["b", "100644 blob 2"], ["c", "100644 blob 3"]]);
    const wanted = new Map([["a", "100644 blob 1"], ["b", "100755 blob 2"], ["d", "100644 blob 4"]]);
    expect(manifestChanges(held, wanted)).toEqual({ replace: ["b", "d"], remove: ["c"] });
  });

  test("a compiler error in a file the update replaced is the commit's own; anything else may be the tree's", () => {
    const log = [
      "  CC       criu/fifo.o",
      "criu/cr-dump.c:2184:2: error: #error criu-lab synthetic build break",
      "make[2]: *** [/build/scripts/nmk/scripts/build.mk:119: criu/cr-dump.o] Error 1",
    ].join("\n");
    expect(failsInReplacedFile(log, new Set(["criu/cr-dump.c", "CRIU-LAB-SYNTHETIC.txt"]))).toBe("criu/cr-dump.c");
    expect(failsInReplacedFile(log, new Set(["CRIU-LAB-SYNTHETIC.txt"]))).toBeUndefined();
    expect(failsInReplacedFile("make[1]: *** No rule to make target 'criu/include/gone.h', needed by 'criu/a.d'.  Stop.", new Set(["criu/include/gone.h"]))).toBeUndefined();
    expect(failsInReplacedFile("/usr/bin/ld: criu/a.o: undefined reference to `b'", new Set(["criu/a.c"]))).toBeUndefined();
  });

  test("a commit of an unrelated clone is brought in by content: one file changed, one removed", async () => {
    const one = join(root.path, "one");
    const two = join(root.path, "two");
    const first = await repoWith(one, { "Makefile": "all:\n", "criu/a.c": "int a;\n", "criu/gone.c": "int g;\n" });
    const second = await repoWith(two, { "Makefile": "all:\n", "criu/a.c": "int a = 1;\n" });
    const exports = [join(root.path, "x1"), join(root.path, "x2")];
    await exportTree(one, first, exports[0]!);
    await exportTree(two, second, exports[1]!);

    // A tree of the layout before manifests (one per clone) goes once a build takes a tree.
    const oldLayout = join(process.env.CRIU_LAB_CACHE!, "build-trees", "0123456789abcdef");
    await mkdir(join(oldLayout, "criu"), { recursive: true });
    const clean = await buildTree("builder:test", { clone: one, commit: first }, exports[0]!);
    expect(existsSync(oldLayout)).toBe(false);
    expect(clean?.how).toBe("clean");
    await writeFile(join(clean!.dir, "criu/a.o"), "object");
    await clean![Symbol.asyncDispose]();

    const kept = await buildTree("builder:test", { clone: two, commit: second }, exports[1]!);
    expect(kept?.how).toBe(`incremental from ${first.slice(0, 12)} (2 file(s) changed)`);
    expect(kept?.dir).toBe(clean?.dir);
    expect([...kept!.replaced]).toEqual(["criu/a.c"]);
    expect(await readFile(join(kept!.dir, "criu/a.c"), "utf8")).toBe("int a = 1;\n");
    await expect(readFile(join(kept!.dir, "criu/gone.c"))).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(kept!.dir, "criu/a.o"), "utf8")).toBe("object");

    // While one build holds that tree, a second build gets the other kept tree (a clean one).
    const other = await buildTree("builder:test", { clone: one, commit: first }, exports[0]!);
    expect(other?.how).toBe("clean");
    expect(other?.dir).not.toBe(kept?.dir);
    await other![Symbol.asyncDispose]();
    await kept![Symbol.asyncDispose]();
  });
});
