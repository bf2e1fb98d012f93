// The scenarios x (CRIU version, kernel) grid, coloured by outcome; cross-version scenarios as a dump x
// restore grid per kernel. Every record is one cell, a link to its details.
import { kernelsOf, versionsOf } from "../matrix-axes.js";
import { cellId, cellLabel, type CellRecord } from "../outcome.js";
import { html, type Html } from "./escape.js";

/** Where a cell's details are on the page. */
export function detailAnchor(cell: CellRecord): string {
  return `cell-${cellId(cell)}`;
}

export function gridCell(cell: CellRecord | undefined): Html {
  if (!cell) return html`<td class="empty">–</td>`;
  const flag = cell.flaky ? html`<span class="flag">flaky</span>` : "";
  return html`<td><a class="cell o-${cell.outcome}" href="#${detailAnchor(cell)}" data-cell="${cellId(cell)}" data-outcome="${cell.outcome}"${cell.flaky ? html` data-flaky="true"` : ""} title="${cellLabel(cell)}: ${cell.reason}">${cell.outcome}${flag}</a></td>`;
}

function scenarioGrid(cells: readonly CellRecord[]): Html {
  const columns = kernelsOf(cells).flatMap((k) => versionsOf(cells.filter((c) => c.kernelName === k)).map((v) => ({ k, v })));
  const scenarios = [...new Set(cells.map((c) => c.scenario))].sort();
  const at = (s: string, k: string, v: string) => cells.find((c) => c.scenario === s && c.kernelName === k && c.criuVersion === v);
  return html`<table class="grid">
<thead><tr><th>scenario</th>${columns.map(({ k, v }) => html`<th>CRIU ${v}<br>on ${k}</th>`)}</tr></thead>
<tbody>
${scenarios.map((s) => html`<tr><th>${s}</th>${columns.map(({ k, v }) => gridCell(at(s, k, v)))}</tr>\n`)}</tbody>
</table>`;
}

function crossGrid(scenario: string, kernel: string, cells: readonly CellRecord[]): Html {
  const versions = versionsOf(cells.flatMap((c) => [c, { criuVersion: c.restoreVersion ?? c.criuVersion }]));
  const at = (a: string, b: string) => cells.find((c) => c.criuVersion === a && c.restoreVersion === b);
  return html`<h3>${scenario} on ${kernel}: dump with (row), restore with (column)</h3>
<table class="grid">
<thead><tr><th>dump \\ restore</th>${versions.map((v) => html`<th>CRIU ${v}</th>`)}</tr></thead>
<tbody>
${versions.map((a) => html`<tr><th>CRIU ${a}</th>${versions.map((b) => (a === b ? html`<td class="empty">·</td>` : gridCell(at(a, b))))}</tr>\n`)}</tbody>
</table>`;
}

export function outcomeGrid(cells: readonly CellRecord[]): Html {
  const single = cells.filter((c) => !c.restoreVersion);
  const cross = cells.filter((c) => c.restoreVersion);
  const crossGrids = [...new Set(cross.map((c) => c.scenario))].sort().flatMap((s) => {
    const ofScenario = cross.filter((c) => c.scenario === s);
    return kernelsOf(ofScenario).map((k) => crossGrid(s, k, ofScenario.filter((c) => c.kernelName === k)));
  });
  return html`${single.length > 0 ? scenarioGrid(single) : ""}${crossGrids}`;
}
