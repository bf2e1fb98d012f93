// Compiles test programs once per image (inside it, so they link against that image's libc),
// cached on the host by (image id, sources, flags); each binary is sealed with its sha256.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { dir as tmpDir } from "tmp-promise";
import { cacheDir } from "../platform/cache-dir.js";
import { fileIsWhole, installFile } from "../platform/cache-seal.js";
import { runOnce } from "../platform/docker-cli.js";
import { contentKey } from "../platform/content-key.js";
import { logger } from "../platform/log.js";
import { PROGRAMS_DIR, programSourcePath } from "./programs-dir.js";

const log = logger("programs");

export const CFLAGS = ["-O2", "-g", "-Wall", "-I/src/include", "-pthread"] as const;

/** A program whose source says `criu-lab: static` is linked statically (cross-version cells carry it to another image's libc). */
export function extraFlags(source: string): string[] {
  return /criu-lab:\s*static\b/.test(source) ? ["-static"] : [];
}

export type ProgramBuild = { program: string; binary: string } | { program: string; error: string };

function sha(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

async function headersDigest(): Promise<string> {
  const dir = join(PROGRAMS_DIR, "include");
  const names = existsSync(dir) ? (await readdir(dir)).sort() : [];
  return sha((await Promise.all(names.map(async (n) => `${n}:${sha(await readFile(join(dir, n)))}`))).join(","));
}

export async function listPrograms(): Promise<string[]> {
  return (await readdir(PROGRAMS_DIR)).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2)).sort();
}

/**
 * Builds every program for one image; a program that does not compile gets its compiler output.
 * `dir`: where the sources are, when not the project's programs/ (criu-lab repro).
 */
export async function compilePrograms(imageTag: string, imageId: string, programs: readonly string[], { dir = PROGRAMS_DIR }: { dir?: string } = {}): Promise<ProgramBuild[]> {
  const headers = await headersDigest();
  const sourceOf = (p: string) => (dir === PROGRAMS_DIR ? programSourcePath(p) : join(dir, `${p}.c`));
  const keyOf = (p: string) =>
    contentKey({ imageId, source: sha(readFileSync(sourceOf(p))), headers, cflags: CFLAGS }, 16);
  const flagsOf = (p: string) => [...CFLAGS, ...extraFlags(readFileSync(sourceOf(p), "utf8"))].join(" ");
  const binaryOf = (p: string) => cacheDir("programs", keyOf(p), p);
  // A binary cut short (a crash before it reached the disk) no longer matches its seal: compiled again.
  const whole = await Promise.all(programs.map((p) => fileIsWhole(binaryOf(p), { digest: true })));
  const todo = programs.filter((_, i) => !whole[i]);
  const errors = new Map<string, string>();
  if (todo.length > 0) {
    const out = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-build-" });
    try {
      const script = todo
        .map((p) => `gcc ${flagsOf(p)} -o /out/${p} /src/${p}.c -lrt > /out/${p}.err 2>&1 || true`)
        .join("; ");
      log("compiling %s in %s", todo.join(" "), imageTag);
      const r = await runOnce("compile", imageTag, ["sh", "-c", script], ["-v", `${dir}:/src:ro`, "-v", `${out.path}:/out`]);
      for (const p of todo) {
        if (existsSync(join(out.path, p))) {
          await mkdir(cacheDir("programs", keyOf(p)), { recursive: true });
          await installFile(join(out.path, p), binaryOf(p), { digest: true });
        } else {
          const err = existsSync(join(out.path, `${p}.err`)) ? await readFile(join(out.path, `${p}.err`), "utf8") : r.output;
          errors.set(p, err.trim() || `compiler container exited ${r.exitCode}`);
        }
      }
    } finally {
      await out.cleanup();
    }
  }
  return programs.map((p) => {
    const error = errors.get(p);
    return error !== undefined ? { program: p, error } : { program: p, binary: binaryOf(p) };
  });
}
