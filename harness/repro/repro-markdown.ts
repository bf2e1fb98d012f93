// The answer a maintainer reads: a Markdown block ready to paste into a CRIU issue.
import type { CellRecord, StepRecord } from "../results/outcome.js";
import type { Environment } from "./environment.js";
import type { ReleaseChange } from "./release-change.js";

export interface ReproReport {
  /** What ran, in one line (describeSpec). */
  what: string;
  /** The command line that reproduces it. */
  command: string;
  runId: string;
  /** Version labels in run order (oldest first), and the kernels as named. */
  versions: readonly string[];
  kernels: readonly { name: string; release: string }[];
  cells: readonly CellRecord[];
  changes: readonly ReleaseChange[];
  environments: readonly Environment[];
}

const WORD: Record<CellRecord["outcome"], string> = {
  pass: "pass", fail: "**fail**", xfail: "xfail", xpass: "xpass", unsupported: "unsupported", "build-error": "build-error", "harness-error": "harness-error",
};

/** The step that decided a cell that did not pass: the last one with an error not allowed to fail. */
function decidingStep(c: CellRecord): StepRecord | undefined {
  return [...c.steps].reverse().find((s) => s.error && !s.error.startsWith("allowed to fail"));
}

function grid(r: ReproReport): string[] {
  const at = (v: string, k: string) => r.cells.find((c) => c.criuVersion === v && c.kernelName === k);
  return [
    `| CRIU | ${r.kernels.map((k) => `${k.name} (${k.release})`).join(" | ")} |`,
    `|---|${r.kernels.map(() => "---").join("|")}|`,
    ...r.versions.map((v) => `| ${v} | ${r.kernels.map((k) => { const c = at(v, k.name); return c ? WORD[c.outcome] : "–"; }).join(" | ")} |`),
  ];
}

function changeLines(r: ReproReport): string[] {
  if (r.changes.length === 0) return ["- No change between the releases that ran: every one that could run gave the same verdict."];
  return r.changes.map((ch) => ch.kind === "regression"
    ? `- **Regression** on ${ch.kernelName}: last passing release ${ch.last}, first failing release ${ch.first}.`
    : `- **Fixed** on ${ch.kernelName}: last failing release ${ch.last}, first passing release ${ch.first}.`);
}

function failures(r: ReproReport): string[] {
  const out: string[] = [];
  for (const c of r.cells.filter((x) => x.outcome !== "pass")) {
    out.push(`- **CRIU ${c.criuVersion} on ${c.kernelName}**: ${c.outcome}: ${c.reason}`);
    const step = decidingStep(c);
    const errors = step?.errors ?? [];
    if (step?.argv && errors.length > 0) out.push("  ```", `  $ ${step.argv.join(" ")}`, ...errors.slice(0, 8).map((e) => `  ${e}`), "  ```");
  }
  return out.length > 0 ? ["#### What did not pass, with CRIU's Error lines", "", ...out, ""] : [];
}

function environment(r: ReproReport): string[] {
  if (r.environments.length === 0) return [];
  const rows = r.environments.map((e) => `| ${e.version} | ${e.kernelName} | ${e.kernelRelease} | ${e.distro} | ${e.glibc} | ${e.criu} |`);
  const checks = r.environments.flatMap((e) => [`CRIU ${e.version} on ${e.kernelName} (exit ${e.checkAll.exitCode}):`, "```", ...e.checkAll.lines, "```", ""]);
  return [
    "#### Environment", "",
    "| CRIU | kernel | kernel release | distro | glibc | criu --version |", "|---|---|---|---|---|---|", ...rows, "",
    "<details><summary><code>criu check --all</code> for each version and kernel</summary>", "", ...checks, "</details>", "",
  ];
}

export function renderReproMarkdown(r: ReproReport): string {
  return [
    `### criu-lab repro: ${r.what}`, "",
    "```sh", r.command, "```", "",
    ...grid(r), "",
    ...changeLines(r), "",
    ...failures(r),
    ...environment(r),
    `<sub>criu-lab run ${r.runId}</sub>`, "",
  ].join("\n");
}
