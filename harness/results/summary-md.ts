// summary.md: a scenarios x versions table a person reads first, then why each cell is not a plain pass.
import semver from "semver";
import type { CellRecord, Outcome } from "./outcome.js";
import type { RunInfo } from "./run-info.js";

const MARK: Record<Outcome, string> = {
  pass: "pass",
  fail: "**FAIL**",
  xfail: "xfail",
  xpass: "**XPASS**",
  unsupported: "unsupported",
  "build-error": "**build-error**",
  "harness-error": "**harness-error**",
};

function versionsOf(cells: readonly CellRecord[]): string[] {
  const vs = [...new Set(cells.map((c) => c.criuVersion))];
  return vs.sort((a, b) => (semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : a.localeCompare(b)));
}

function scenarioTable(cells: readonly CellRecord[]): string[] {
  const versions = versionsOf(cells);
  const scenarios = [...new Set(cells.map((c) => c.scenario))].sort();
  const at = (s: string, v: string) => cells.find((c) => c.scenario === s && c.criuVersion === v);
  return [
    `| scenario | ${versions.map((v) => `CRIU ${v}`).join(" | ")} |`,
    `|---|${versions.map(() => "---").join("|")}|`,
    ...scenarios.map((s) => `| ${s} | ${versions.map((v) => { const c = at(s, v); return c ? MARK[c.outcome] : "–"; }).join(" | ")} |`),
  ];
}

/** Cross-version cells: rows dump with, columns restore with. */
function crossTable(scenario: string, cells: readonly CellRecord[]): string[] {
  const versions = versionsOf(cells.flatMap((c) => [c, { ...c, criuVersion: c.restoreVersion ?? c.criuVersion }]));
  const at = (a: string, b: string) => cells.find((c) => c.criuVersion === a && c.restoreVersion === b);
  return [
    `### ${scenario}: dump with (row) -> restore with (column)`,
    "",
    `| dump \\ restore | ${versions.map((v) => `CRIU ${v}`).join(" | ")} |`,
    `|---|${versions.map(() => "---").join("|")}|`,
    ...versions.map((a) => `| CRIU ${a} | ${versions.map((b) => {
      const c = at(a, b);
      return a === b ? "·" : c ? MARK[c.outcome] : "–";
    }).join(" | ")} |`),
  ];
}

function cellLabel(c: CellRecord): string {
  return c.restoreVersion ? `${c.scenario} @ ${c.criuVersion} -> ${c.restoreVersion}` : `${c.scenario} @ ${c.criuVersion}`;
}

export function renderSummaryMd(info: RunInfo, cells: readonly CellRecord[], complete: boolean): string {
  const single = cells.filter((c) => !c.restoreVersion);
  const cross = cells.filter((c) => c.restoreVersion);
  const lines = [
    `# criu-lab run ${info.runId}${complete ? "" : " (in progress or interrupted)"}`,
    "",
    `Kernel ${info.kernel} · Docker engine ${info.engine} · containers: ${info.securityProfile}`,
    "",
    ...(single.length > 0 ? [...scenarioTable(single), ""] : []),
  ];
  for (const scenario of [...new Set(cross.map((c) => c.scenario))].sort()) {
    lines.push(...crossTable(scenario, cross.filter((c) => c.scenario === scenario)), "");
  }
  // One line for many cells stopped by the same limit (an old CRIU on a new kernel stops them all).
  const unsupported = new Map<string, CellRecord[]>();
  for (const c of cells.filter((x) => x.outcome === "unsupported")) unsupported.set(c.reason, [...(unsupported.get(c.reason) ?? []), c]);
  const grouped = new Set([...unsupported.values()].filter((g) => g.length > 2).flat());
  const notable = cells.filter((c) => c.outcome !== "pass" && !grouped.has(c));
  if (notable.length > 0 || grouped.size > 0) {
    lines.push("## Why", "");
    for (const [reason, group] of unsupported) {
      if (group.length > 2) lines.push(`- **${group.length} cells** unsupported: ${reason}`);
    }
    for (const c of notable) {
      const ref = c.expectation.ref ? ` (expected ${c.expectation.outcome} for CRIU ${c.expectation.range}: ${c.expectation.ref})` : "";
      lines.push(`- **${cellLabel(c)}**: ${c.outcome}: ${c.reason}${ref}`);
    }
    lines.push("");
  }
  const refs = new Map<string, string[]>();
  for (const c of cells) {
    for (const k of c.knownIssues ?? []) refs.set(c.scenario, [...new Set([...(refs.get(c.scenario) ?? []), `${k.outcome} for CRIU ${k.range}: ${k.ref ?? ""}`])]);
  }
  if (refs.size > 0) {
    lines.push("## Known upstream issues per scenario", "");
    for (const [scenario, list] of [...refs].sort(([a], [b]) => a.localeCompare(b))) lines.push(`- **${scenario}**: ${list.join("; ")}`);
    lines.push("");
  }
  // Steps allowed to fail (the restore before a workaround) are part of the story even in a pass.
  const allowed = cells.flatMap((c) => c.steps.filter((st) => st.error?.startsWith("allowed to fail")).map((st) => `- **${cellLabel(c)}**, step ${st.name}: ${st.error}`));
  if (allowed.length > 0) lines.push("## Recorded failures of steps allowed to fail", "", ...allowed, "");
  const counts = new Map<Outcome, number>();
  for (const c of cells) counts.set(c.outcome, (counts.get(c.outcome) ?? 0) + 1);
  lines.push(`${cells.length} cells: ${[...counts].map(([o, n]) => `${n} ${o}`).join(", ")}`, "");
  return lines.join("\n");
}
