// compare.md: what a reviewer reads in a CI job summary, regressions first.
import type { CellChange, Comparison } from "./compare-runs.js";

function rows(list: readonly CellChange[], withErrors = false): string[] {
  if (withErrors) {
    return ["| cell | outcome | first CRIU error before | now |", "|---|---|---|---|",
      ...list.map((c) => `| ${c.label} | ${c.after} | ${cellText(c.errorBefore)} | ${cellText(c.errorAfter)} |`)];
  }
  return ["| cell | before | now | why (now) |", "|---|---|---|---|",
    ...list.map((c) => `| ${c.label} | ${c.before ?? "–"} | ${c.after ?? "–"} | ${cellText(c.reason)} |`)];
}

function cellText(s: string | undefined): string {
  return (s ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ").slice(0, 300);
}

export function renderCompareMd(c: Comparison): string {
  const lines = [`# criu-lab compare: ${c.baseline} -> ${c.current}`, ""];
  const total = c.regressions.length + c.slower.length;
  lines.push(total > 0 ? `**${total} regression(s).**` : "No regression.", "");
  const section = (title: string, list: readonly CellChange[], withErrors = false) => {
    if (list.length > 0) lines.push(`## ${title} (${list.length})`, "", ...rows(list, withErrors), "");
  };
  section("Regressions", c.regressions);
  if (c.slower.length > 0) {
    lines.push(`## Slower beyond the noise band (${c.slower.length})`, "", "| cell | metric | before (median) | now (median) | band |", "|---|---|---|---|---|",
      ...c.slower.map((t) => `| ${t.label} | ${t.metric} | ${t.beforeMs} ms | ${t.afterMs} ms | ±${t.bandMs} ms |`), "");
  }
  section("Fixes", c.fixes);
  section("Expectation drift (xpass: a range is stale)", c.drift);
  section("Changed failures", c.changedFailures, true);
  section("New cells", c.added);
  section("Gone cells", c.gone);
  section("Other changes", c.otherChanges);
  lines.push(`${c.unchanged} cell(s) unchanged.`, "");
  return lines.join("\n");
}
