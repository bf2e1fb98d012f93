// The performance charts: for each measured scenario and metric, the median per (CRIU version, kernel)
// and per step (dump, re-dump), with min and max where the cell ran more than once. Drawn by uPlot
// in the page (static/charts.js) from the specs written into it as JSON.
import { kernelsOf, versionsOf } from "../matrix-axes.js";
import type { CellRecord } from "../outcome.js";
import { PERF_METRICS, measuredSteps, samplesOf, spreadOf } from "../perf-metrics.js";
import { html, jsonScript, type Html } from "./escape.js";

export interface ChartSeries {
  /** The step it comes from: dump, re-dump, restore... */
  label: string;
  median: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
}

export interface ChartSpec {
  id: string;
  scenario: string;
  /** The metric's title. */
  title: string;
  note: string;
  unit: string;
  /** One per (CRIU version, kernel): "4.1.1 host". */
  categories: string[];
  series: ChartSeries[];
}

function chartsOfScenario(scenario: string, cells: readonly CellRecord[]): ChartSpec[] {
  const ordered = kernelsOf(cells).flatMap((k) => versionsOf(cells.filter((c) => c.kernelName === k)).map((v) => cells.find((c) => c.kernelName === k && c.criuVersion === v)!));
  return PERF_METRICS.flatMap((metric) => {
    // A (version, kernel) with no sample (unsupported there, failed before its first dump) takes no room.
    const columns = ordered.filter((c) => measuredSteps(c, metric).some((step) => samplesOf(c, metric, step).length > 0));
    const steps = [...new Set(columns.flatMap((c) => measuredSteps(c, metric)))];
    let most = 0;
    const series = steps.map((step): ChartSeries => {
      const spreads = columns.map((c) => spreadOf(samplesOf(c, metric, step)));
      most = Math.max(most, ...spreads.map((s) => s?.n ?? 0));
      return { label: step, median: spreads.map((s) => s?.median ?? null), min: spreads.map((s) => s?.min ?? null), max: spreads.map((s) => s?.max ?? null) };
    });
    if (columns.length === 0) return [];
    return [{
      id: `${scenario}-${metric.key}`,
      scenario,
      title: metric.title,
      note: most > 1 ? `median of up to ${most} runs; whiskers: min to max` : "one run per cell (no repeats)",
      unit: metric.unit,
      categories: columns.map((c) => `${c.criuVersion} ${c.kernelName}`),
      series,
    }];
  });
}

/** Specs for every measured scenario (cells that say `measured`), in scenario order. */
export function perfChartSpecs(cells: readonly CellRecord[]): ChartSpec[] {
  const measured = cells.filter((c) => c.measured && !c.restoreVersion);
  return [...new Set(measured.map((c) => c.scenario))].sort().flatMap((s) => chartsOfScenario(s, measured.filter((c) => c.scenario === s)));
}

/** The chart containers, a row per scenario, and their data; the page must be rendered with `charts: true`. */
export function perfCharts(specs: readonly ChartSpec[]): Html {
  const scenarios = [...new Set(specs.map((s) => s.scenario))];
  const row = (scenario: string) => html`<h3>${scenario}</h3>
<div class="charts">${specs.filter((s) => s.scenario === scenario).map((s) => html`<div class="chart"><h4>${s.title}</h4><p class="note">${s.note}</p><div data-chart="${s.id}"></div></div>`)}</div>
`;
  return html`${scenarios.map(row)}${jsonScript("perf-data", specs)}`;
}
