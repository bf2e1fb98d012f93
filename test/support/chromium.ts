// Debian's chromium, headless, driven by playwright-core: installed with apt where missing, never downloaded by playwright.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { ensureDebianPackages } from "../../harness/platform/debian-packages.js";

export const CHROMIUM = "/usr/bin/chromium";

/** Flags that work on this project's machines (root, no GPU, no network). */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface HeadlessChromium extends AsyncDisposable {
  /** A persistent context on a fresh profile (playwright passes it as --user-data-dir). */
  context: BrowserContext;
}

/** Launches chromium with a fresh profile; disposing closes it and removes the profile. */
export async function launchChromium(): Promise<HeadlessChromium> {
  await ensureDebianPackages(["chromium"], "the HTML report's browser test");
  const profile = await mkdtemp(join(tmpdir(), "criu-lab-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    context,
    async [Symbol.asyncDispose]() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
