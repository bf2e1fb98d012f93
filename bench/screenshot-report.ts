// Not a test: a run's index.html opened in Debian's chromium (headless), one cell clicked, and the
// page saved as a PNG (the README's docs/report.png comes from this).
// usage: tsx bench/screenshot-report.ts RUN_DIR OUT.png [CELL_ID]
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { launchChromium } from "../test/support/chromium.js";

const [runDir, out, cell] = process.argv.slice(2);
if (!runDir || !out) throw new Error("usage: tsx bench/screenshot-report.ts RUN_DIR OUT.png [CELL_ID]");
await using browser = await launchChromium();
const page = await browser.context.newPage();
await page.setViewportSize({ width: 1280, height: 900 });
await page.goto(pathToFileURL(join(runDir, "index.html")).href);
if (cell) await page.locator(`a.cell[data-cell="${cell}"]`).click();
await page.screenshot({ path: out, fullPage: true });
console.log(`wrote ${out}`);
