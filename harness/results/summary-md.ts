// summary.md: a scenarios x versions table a person reads first, then why each cell is not a plain pass.
import { kernelsOf, versionsOf } from "./matrix-axes.js";
import { cellLabel, type CellRecord, type Outcome } from "./outcome.js";
import type { RunInfo } from "./run-info.js";

/** What an expectation cites: the upstream commit or issue, or that none exists. */
export function citation(e: { ref?: string; known?: string }): string {
  return e.ref ?? (e.known ? `known, no upstream issue: ${e.known}` : "");
}

function mark(c: CellRecord): string {
  return c.flaky ? `${MARK[c.outcome]} (flaky)` : MARK[c.outcome];
}

const MARK: Record<Outcome, string> = {
  pass: "pass",
  fail: "**FAIL**",
  xfail: "xfail",
  xpass: "**XPASS**",
  unsupported: "unsupported",
  "build-error": "**build-error**",
  "harness-error": "**harness-error**",
};

/** One column per (kernel, CRIU version); every header names the kernel. */
function scenarioTable(cells: readonly CellRecord[]): string[] {
  const columns = kernelsOf(cells).flatMap((k) => versionsOf(cells.filter((c) => c.kernelName === k)).map((v) => ({ k, v })));
  const scenarios = [...new Set(cells.map((c) => c.scenario))].sort();
  const at = (s: string, k: string, v: string) => cells.find((c) => c.scenario === s && c.kernelName === k && c.criuVersion === v);
  return [
    `| scenario | ${columns.map(({ k, v }) => `CRIU ${v} on ${k}`).join(" | ")} |`,
    `|---|${columns.map(() => "---").join("|")}|`,
    ...scenarios.map((s) => `| ${s} | ${columns.map(({ k, v }) => { const c = at(s, k, v); return c ? mark(c) : "–"; }).join(" | ")} |`),
  ];
}

/** Which release each named kernel was, and how its cells ran. */
function kernelLines(cells: readonly CellRecord[]): string[] {
  return kernelsOf(cells).map((k) => {
    const c = cells.find((x) => x.kernelName === k)!;
    const how = c.executor === "vm" ? `qemu VM${c.accel ? ` (${c.accel})` : ""}` : "containers";
    return `- ${k}: kernel ${c.kernel}, ${how}`;
  });
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
      return a === b ? "·" : c ? mark(c) : "–";
    }).join(" | ")} |`),
  ];
}

export function renderSummaryMd(info: RunInfo, cells: readonly CellRecord[], complete: boolean): string {
  const single = cells.filter((c) => !c.restoreVersion);
  const cross = cells.filter((c) => c.restoreVersion);
  const lines = [
    `# criu-lab run ${info.runId}${complete ? "" : " (in progress or interrupted)"}`,
    "",
    `Host kernel ${info.kernel} · Docker engine ${info.engine} · containers: ${info.securityProfile}`,
    "",
    ...kernelLines(cells),
    "",
    ...(single.length > 0 ? [...scenarioTable(single), ""] : []),
  ];
  for (const scenario of [...new Set(cross.map((c) => c.scenario))].sort()) {
    for (const k of kernelsOf(cross)) {
      lines.push(...crossTable(`${scenario} on ${k}`, cross.filter((c) => c.scenario === scenario && c.kernelName === k)), "");
    }
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
      const on = c.expectation.kernel ? ` on kernel ${c.expectation.kernel}` : "";
      // The expectation speaks for cells CRIU decided; an unsupported or harness cell never ran it.
      const cited = ["xfail", "xpass", "fail"].includes(c.outcome) ? citation(c.expectation) : "";
      const ref = cited ? ` (expected ${c.expectation.outcome} for CRIU ${c.expectation.range}${on}: ${cited})` : "";
      lines.push(`- **${cellLabel(c)}**: ${c.outcome}: ${c.reason}${ref}`);
    }
    lines.push("");
  }
  // Failures with an upstream commit or issue, apart from those this project found and upstream has not filed.
  const upstream = new Map<string, string[]>();
  const unfiled = new Map<string, string[]>();
  for (const c of cells) {
    for (const k of c.knownIssues ?? []) {
      const into = k.known ? unfiled : upstream;
      const text = `${k.outcome} for CRIU ${k.range}${k.kernel ? ` on kernel ${k.kernel}` : ""}: ${k.known ?? [k.reason, k.ref].filter(Boolean).join(", ")}`;
      into.set(c.scenario, [...new Set([...(into.get(c.scenario) ?? []), text])]);
    }
  }
  for (const [title, refs] of [["Known upstream issues per scenario", upstream], ["Known failures with no upstream issue", unfiled]] as const) {
    if (refs.size === 0) continue;
    lines.push(`## ${title}`, "");
    for (const [scenario, list] of [...refs].sort(([a], [b]) => a.localeCompare(b))) lines.push(`- **${scenario}**: ${list.join("; ")}`);
    lines.push("");
  }
  // Steps allowed to fail (the restore before a workaround) are part of the story even in a pass.
  const allowed = cells.flatMap((c) => c.steps.filter((st) => st.error?.startsWith("allowed to fail")).map((st) => `- **${cellLabel(c)}**, step ${st.name}: ${st.error}`));
  if (allowed.length > 0) lines.push("## Recorded failures of steps allowed to fail", "", ...allowed, "");
  const counts = new Map<Outcome, number>();
  for (const c of cells) counts.set(c.outcome, (counts.get(c.outcome) ?? 0) + 1);
  const flaky = cells.filter((c) => c.flaky).length;
  lines.push(`${cells.length} cells: ${[...counts].map(([o, n]) => `${n} ${o}`).join(", ")}${flaky > 0 ? ` (${flaky} flaky)` : ""}`, "");
  return lines.join("\n");
}
