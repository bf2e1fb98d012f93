// compare.html: what changed between two runs, in the run report's colours: regressions first, each
// as "before -> now" with the reason, then fixes, drift, changed failures, new and gone cells.
import type { Outcome } from "../outcome.js";
import type { CellChange, Comparison } from "../compare/compare-runs.js";
import { html, type Html } from "./escape.js";
import { renderPage } from "./page.js";

function badge(o: Outcome | undefined): Html {
  return o ? html`<span class="badge o-${o}">${o}</span>` : html`<span class="meta">–</span>`;
}

function changes(title: string, id: string, list: readonly CellChange[], withErrors = false): Html | "" {
  if (list.length === 0) return "";
  const head = withErrors ? html`<th>cell</th><th>outcome</th><th>first CRIU error before</th><th>now</th>` : html`<th>cell</th><th>before</th><th>now</th><th>why (now)</th>`;
  const row = (c: CellChange) => withErrors
    ? html`<tr><td>${c.label}</td><td>${badge(c.after)}</td><td><code>${c.errorBefore}</code></td><td><code>${c.errorAfter}</code></td></tr>`
    : html`<tr><td>${c.label}</td><td>${badge(c.before)}</td><td>${badge(c.after)}</td><td>${c.reason}</td></tr>`;
  return html`<h2 id="${id}">${title} (${list.length})</h2><table class="steps changes"><thead><tr>${head}</tr></thead><tbody>${list.map(row)}</tbody></table>`;
}

export function renderCompareReport(c: Comparison): string {
  const regressions = c.regressions.length + c.slower.length;
  const slower = c.slower.length === 0 ? "" : html`<h2 id="slower">Slower beyond the noise band (${c.slower.length})</h2>
<table class="steps changes"><thead><tr><th>cell</th><th>metric</th><th>before (median)</th><th>now (median)</th><th>band</th></tr></thead>
<tbody>${c.slower.map((t) => html`<tr><td>${t.label}</td><td>${t.metric}</td><td>${t.beforeMs} ms</td><td>${t.afterMs} ms</td><td>±${t.bandMs} ms</td></tr>`)}</tbody></table>`;
  const body = html`<h1>criu-lab compare: ${c.baseline} → ${c.current}</h1>
<p class="legend">${regressions > 0 ? html`<span class="o-fail">${regressions} regression(s)</span>` : html`<span class="o-pass">no regression</span>`}<span class="o-unsupported">${c.unchanged} unchanged</span></p>
${changes("Regressions", "regressions", c.regressions)}
${slower}
${changes("Fixes", "fixes", c.fixes)}
${changes("Expectation drift (xpass: a range is stale)", "drift", c.drift)}
${changes("Changed failures", "changed", c.changedFailures, true)}
${changes("New cells", "new", c.added)}
${changes("Gone cells", "gone", c.gone)}
${changes("Other changes", "other", c.otherChanges)}`;
  return renderPage({ title: `criu-lab compare ${c.baseline} -> ${c.current}`, body });
}
