// Where criu-lab keeps what it makes outside git: root filesystems, compiled programs, the engine log.
import { mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

export function cacheDir(...parts: string[]): string {
  const base =
    process.env.CRIU_LAB_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "criu-lab");
  return join(base, ...parts);
}

export async function ensureCacheDir(...parts: string[]): Promise<string> {
  const dir = cacheDir(...parts);
  await mkdir(dir, { recursive: true });
  return dir;
}
