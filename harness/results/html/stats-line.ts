// CRIU's stats of one step in one line: the figures people compare first, then the rest.
import type { CriuStats } from "../outcome.js";
import { html, type Html } from "./escape.js";

const FIRST: Record<"dump" | "restore", string[]> = {
  dump: ["frozen_time", "memdump_time", "memwrite_time", "pages_written", "pages_scanned"],
  restore: ["restore_time", "forking_time", "pages_restored"],
};

/** Times are µs in CRIU's stats: ms from 1 ms on. */
function shown(name: string, value: number): string {
  if (!name.endsWith("_time") && name !== "irmap_resolve") return String(value);
  return value >= 1000 ? `${(value / 1000).toFixed(1)} ms` : `${value} µs`;
}

export function statsLine(stats: CriuStats): Html {
  if (stats.missing) return html`<span class="missing">CRIU stats (stats-${stats.kind}) missing: ${stats.why}</span>`;
  const names = [...FIRST[stats.kind].filter((n) => n in stats.fields), ...Object.keys(stats.fields).filter((n) => !FIRST[stats.kind].includes(n))];
  const size = stats.kind === "dump" && stats.imagesBytes !== undefined ? [html` · <b>images</b> ${(stats.imagesBytes / 2 ** 20).toFixed(1)} MiB`] : [];
  return html`CRIU stats: ${names.map((n, i) => html`${i > 0 ? " · " : ""}<b>${n}</b> ${shown(n, stats.fields[n]!)}`)}${size}`;
}
