// One cell opened: what it was, why it came out so, its upstream references, its repeats, and each
// step with its CRIU Error lines, stats, command line and log tail.
import { cellLabel, type CellRecord, type ExpectationRecord, type RepeatRecord, type StepRecord } from "../outcome.js";
import { detailAnchor } from "./outcome-grid.js";
import { html, type Html } from "./escape.js";
import { statsLine } from "./stats-line.js";

/** "xfail for CRIU <4.2.0 on kernel >=6.16.0: <ref>", or "known, no upstream issue: ...". */
export function expectationText(e: ExpectationRecord): string {
  const on = e.kernel ? ` on kernel ${e.kernel}` : "";
  const source = e.ref ?? (e.known ? `known, no upstream issue: ${e.known}` : undefined);
  const why = [e.reason, source].filter(Boolean).join("; ");
  return `${e.outcome} for CRIU ${e.range}${on}${why ? `: ${why}` : ""}`;
}

function facts(cell: CellRecord): Html {
  const where = cell.executor === "vm" ? `qemu VM${cell.accel ? ` (${cell.accel})` : ""}` : "container";
  const rows: [string, string | undefined][] = [
    ["reason", cell.reason || undefined],
    ["expected", expectationText(cell.expectation)],
    ["kernel", `${cell.kernelName}: ${cell.kernel}, ${where}`],
    ["image", cell.image],
    ["time", `${(cell.ms / 1000).toFixed(1)} s, started ${cell.startedAt}`],
  ];
  return html`<dl class="facts">${rows.filter(([, v]) => v).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

function knownIssues(cell: CellRecord): Html | "" {
  const issues = (cell.knownIssues ?? []).filter((k) => k.ref || k.known || k.reason);
  if (issues.length === 0) return "";
  return html`<p><b>Upstream references for this scenario</b></p><ul class="refs">${issues.map((k) => html`<li>${expectationText(k)}</li>`)}</ul>`;
}

function repeats(list: readonly RepeatRecord[] | undefined): Html | "" {
  if (!list || list.length === 0) return "";
  return html`<p><b>Repeats</b></p><table class="steps repeats"><thead><tr><th class="w-num">#</th><th class="w-name">outcome</th><th class="w-num">time</th><th>reason</th></tr></thead><tbody>${list.map(
    (r, i) => html`<tr><td class="num">${i + 1}</td><td><span class="badge o-${r.outcome}">${r.outcome}</span></td><td class="num">${(r.ms / 1000).toFixed(1)} s</td><td>${r.reason}</td></tr>`,
  )}</tbody></table>`;
}

function stepExtras(step: StepRecord): Html | "" {
  const parts = [
    step.error ? html`<div class="step-error"><b>${step.error}</b></div>` : "",
    step.errors?.length ? html`<pre class="criu-errors">${step.errors.join("\n")}</pre>` : "",
    step.stats ? html`<div class="stats">${statsLine(step.stats)}</div>` : "",
    step.argv ? html`<div><code class="argv">$ ${step.argv.join(" ")}</code></div>` : "",
    step.observed?.length ? html`<details><summary>observed (${step.observed.length} lines)</summary><pre>${step.observed.join("\n")}</pre></details>` : "",
    step.logTail?.length
      ? html`<details${step.error ? html` open` : ""}><summary>log tail (${step.logTail.length} lines)${step.logFile ? html` · <a href="${step.logFile}">full log</a>` : ""}</summary><pre class="log-tail">${step.logTail.join("\n")}</pre></details>`
      : "",
  ].filter((p) => p !== "");
  return parts.length > 0 ? html`<tr class="extras"><td></td><td colspan="3">${parts}</td></tr>` : "";
}

function steps(list: readonly StepRecord[]): Html {
  if (list.length === 0) return html`<p>No step ran.</p>`;
  return html`<table class="steps"><thead><tr><th class="w-name">step</th><th class="w-num">exit</th><th class="w-num">time</th><th></th></tr></thead><tbody>${list.map(
    (s) => html`<tr class="${s.error ? "failed" : ""}" data-step="${s.name}"><td>${s.name}</td><td class="num">${s.exitCode ?? "–"}</td><td class="num">${s.ms} ms</td><td>${s.error ? "failed" : ""}</td></tr>${stepExtras(s)}`,
  )}</tbody></table>`;
}

export function cellDetail(cell: CellRecord): Html {
  return html`<section class="cell-detail" id="${detailAnchor(cell)}">
<a class="back" href="#grid">back to the grid</a>
<h3>${cellLabel(cell)} <span class="badge o-${cell.outcome}">${cell.outcome}</span>${cell.flaky ? html` <span class="badge flaky">flaky: the repeats disagree</span>` : ""}</h3>
${facts(cell)}${knownIssues(cell)}${repeats(cell.repeats)}${steps(cell.steps)}
</section>`;
}
