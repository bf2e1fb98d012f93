// What every report page inlines, read once from disk: uPlot (MIT, from node_modules) and the report's
// own CSS and chart script. Pages reference no file at view time: they open from disk with no network.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export interface PageAssets {
  css: string;
  uplotJs: string;
  chartsJs: string;
}

let cached: PageAssets | undefined;

function ownFile(name: string): string {
  return readFileSync(new URL(`./static/${name}`, import.meta.url), "utf8");
}

export function pageAssets(): PageAssets {
  cached ??= {
    css: `${readFileSync(require.resolve("uplot/dist/uPlot.min.css"), "utf8")}\n${ownFile("report.css")}`,
    uplotJs: readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8"),
    chartsJs: ownFile("charts.js"),
  };
  return cached;
}
