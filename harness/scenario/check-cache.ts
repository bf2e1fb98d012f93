// `criu check` of one image on this host, kept for the rest of the boot: the same CRIU on the same
// kernel, engine and container profile says the same. A bisect step or a warm run then starts no
// container to learn it again. Only answers that speak for the kernel are kept (ok, or a known
// limit); a failure of unknown cause is asked again next time.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { execa } from "execa";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { cacheDir } from "../platform/cache-dir.js";
import { contentKey } from "../platform/content-key.js";
import type { CriuCheckSummary } from "./run-plan.js";

async function hostKey(): Promise<string> {
  const engine = await execa("docker", ["info", "--format", "{{.ID}} {{.ServerVersion}} {{.KernelVersion}}"], { reject: false });
  const boot = await readFile("/proc/sys/kernel/random/boot_id", "utf8").catch(() => "");
  return `${engine.stdout.trim()} ${boot.trim()}`;
}

export async function cachedCriuCheck(what: { imageId: string; profile: unknown }, check: () => Promise<CriuCheckSummary>): Promise<CriuCheckSummary> {
  const file = cacheDir("checks", `${contentKey({ ...what, host: await hostKey() }, 16)}.json`);
  if (existsSync(file)) {
    try {
      return JSON.parse(await readFile(file, "utf8")) as CriuCheckSummary;
    } catch {
      // A torn file: asked again below.
    }
  }
  const summary = await check();
  if (summary.ok || summary.unsupported) await writeFileAtomic(file, JSON.stringify(summary));
  return summary;
}
