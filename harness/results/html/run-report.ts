// results/<run>/index.html: the run's grid coloured by outcome, each cell opening to its details, and
// the performance charts. Rewritten after every cell, like summary.md.
import { OUTCOMES, cellId, type CellRecord } from "../outcome.js";
import type { RunInfo } from "../run-info.js";
import { cellDetail } from "./cell-detail.js";
import { html, type Html } from "./escape.js";
import { outcomeGrid } from "./outcome-grid.js";
import { renderPage } from "./page.js";
import { perfChartSpecs, perfCharts } from "./perf-charts.js";

/** The count of each outcome, in the colours the grid uses. */
export function outcomeLegend(cells: readonly CellRecord[]): Html {
  const counts = OUTCOMES.map((o) => [o, cells.filter((c) => c.outcome === o).length] as const).filter(([, n]) => n > 0);
  const flaky = cells.filter((c) => c.flaky).length;
  return html`<p class="legend">${cells.length} cells: ${counts.map(([o, n]) => html`<span class="o-${o}">${n} ${o}</span>`)}${flaky > 0 ? html`<span class="flag">${flaky} flaky</span>` : ""}</p>`;
}

function header(info: RunInfo, complete: boolean): Html {
  const kernels = info.kernels ?? [];
  return html`<h1>criu-lab run ${info.runId}${complete ? "" : " (in progress or interrupted)"}</h1>
<p class="meta">Host kernel ${info.kernel} · Docker engine ${info.engine} · started ${info.startedAt}</p>
<p class="meta">Containers: ${info.securityProfile}</p>
${kernels.map((k) => html`<p class="meta">${k.name}: ${k.unavailable ? `unavailable: ${k.unavailable}` : k.describe}${k.accel ? ` (${k.accel})` : ""}</p>`)}`;
}

export function renderRunReport(info: RunInfo, cells: readonly CellRecord[], complete: boolean): string {
  const sorted = [...cells].sort((a, b) => cellId(a).localeCompare(cellId(b)));
  const specs = perfChartSpecs(sorted);
  const body = html`${header(info, complete)}
<h2 id="grid">Outcomes</h2>
${outcomeLegend(sorted)}
${outcomeGrid(sorted)}
<p class="meta">Pick a cell in the grid to see its steps, CRIU's errors, log tails and stats here.</p>
${sorted.map(cellDetail)}
${specs.length > 0 ? html`<h2 id="performance">Performance (CRIU's own stats)</h2>${perfCharts(specs)}` : ""}`;
  return renderPage({ title: `criu-lab run ${info.runId}`, body, charts: specs.length > 0 });
}
