import { describe, expect, test } from "vitest";
import type { CellRecord } from "../outcome.js";
import type { RunInfo } from "../run-info.js";
import { escapeHtml, html, jsonScript, raw } from "./escape.js";
import { perfChartSpecs } from "./perf-charts.js";
import { renderRunReport } from "./run-report.js";

const INFO: RunInfo = { runId: "run-1", startedAt: "t", kernel: "6.18.0", engine: "20.10", securityProfile: "caps <all>" };
const EVIL = `Error (criu/files-reg.c:2592): <script>alert("x")</script> & 'quoted'`;

function cell(patch: Partial<CellRecord>): CellRecord {
  return {
    scenario: "s", criuVersion: "4.1.1", kernelName: "host", kernel: "6.18.0", executor: "container", outcome: "pass", reason: "all steps and checks passed",
    expectation: { outcome: "pass", range: "*" }, steps: [], ms: 1000, startedAt: "t", ...patch,
  };
}

const CELLS: CellRecord[] = [
  cell({ scenario: "a", criuVersion: "4.1.1" }),
  cell({ scenario: "a", criuVersion: "4.2.1", outcome: "fail", reason: `restore: restore exited 1: ${EVIL}`,
    steps: [{ name: "restore", exitCode: 1, ms: 5, error: "restore exited 1", errors: [EVIL], logTail: ["(0.1) <tail> & more"], logFile: "cells/a@4.2.1/logs/restore.log" }] }),
  cell({ scenario: "b", criuVersion: "4.1.1", outcome: "xfail", flaky: true, expectation: { outcome: "xfail", range: "<4.2.0", known: "seen here, not reported" },
    repeats: [{ outcome: "xfail", reason: "r", ms: 1, steps: [] }, { outcome: "pass", reason: "r", ms: 1, steps: [] }] }),
  cell({ scenario: "m", criuVersion: "4.2.1", measured: true, steps: [
    { name: "dump", exitCode: 0, ms: 5, stats: { kind: "dump", fields: { frozen_time: 2500, pages_written: 16384 }, imagesBytes: 64 * 2 ** 20 } },
    { name: "restore", exitCode: 0, ms: 5, stats: { kind: "restore", missing: true, why: "CRIU wrote no /work/img/1/stats-restore" } },
  ] }),
  cell({ scenario: "m", criuVersion: "3.17.1", measured: true, outcome: "unsupported", reason: "vdso" }),
  cell({ scenario: "x", criuVersion: "4.1.1", restoreVersion: "4.2.1", outcome: "pass" }),
];

describe("the run's index.html", () => {
  const page = renderRunReport(INFO, CELLS, false);

  test("one grid cell per record, each with its outcome and a link to its details", () => {
    const cells = [...page.matchAll(/<a class="cell o-([\w-]+)" href="#([^"]+)" data-cell="([^"]+)" data-outcome="([\w-]+)"/g)];
    expect(cells.map((m) => [m[3], m[4]])).toEqual([["a@4.1.1", "pass"], ["a@4.2.1", "fail"], ["b@4.1.1", "xfail"], ["m@3.17.1", "unsupported"], ["m@4.2.1", "pass"], ["x@4.1.1-to-4.2.1", "pass"]]);
    for (const m of cells) expect(page).toContain(`<section class="cell-detail" id="${m[2]}">`);
  });

  test("everything from a run is escaped: CRIU errors, log tails, reasons, the security profile", () => {
    expect(page).not.toContain("<script>alert");
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;");
    expect(page).toContain("(0.1) &lt;tail&gt; &amp; more");
    expect(page).toContain("caps &lt;all&gt;");
    expect(page).toContain('<pre class="criu-errors">Error (criu/files-reg.c:2592)');
  });

  test("flaky cells are marked; an xfail with no upstream issue says so; missing stats say missing", () => {
    expect(page).toMatch(/data-cell="b@4.1.1" data-outcome="xfail" data-flaky="true"[^>]*>xfail<span class="flag">flaky<\/span>/);
    expect(page).toContain("xfail for CRIU &lt;4.2.0: known, no upstream issue: seen here, not reported");
    expect(page).toContain("CRIU stats (stats-restore) missing: CRIU wrote no /work/img/1/stats-restore");
    expect(page).toContain("(in progress or interrupted)");
  });

  test("self-contained: uPlot and the chart data are inlined, nothing is loaded from elsewhere", () => {
    expect(page).toContain("https://github.com/leeoniya/uPlot");
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=|node_modules/);
    expect(page).toContain('<script type="application/json" id="perf-data">');
  });
});

describe("chart specs", () => {
  test("measured cells only; one chart per metric that has a value; no room for a version with no sample", () => {
    const specs = perfChartSpecs(CELLS);
    expect(specs.map((s) => s.id)).toEqual(["m-dump-ms", "m-pages", "m-images-mib"]);
    expect(specs[0]).toMatchObject({ categories: ["4.2.1 host"], series: [{ label: "dump", median: [2.5], min: [2.5], max: [2.5] }] });
  });
});

describe("html``", () => {
  test("escapes values, keeps Html, joins lists, drops nothing-values", () => {
    expect(html`<p title="${'"<&'}">${["a<", html`<b>b</b>`]}${undefined}${false}${0}</p>`.text).toBe('<p title="&quot;&lt;&amp;">a&lt;<b>b</b>0</p>');
    expect(escapeHtml(`<'&">`)).toBe("&lt;&#39;&amp;&quot;&gt;");
    expect(raw("<i>").text).toBe("<i>");
  });

  test("JSON for scripts cannot close its tag", () => {
    expect(jsonScript("d", { s: "</script><b>" }).text).toBe('<script type="application/json" id="d">{"s":"\\u003c/script>\\u003cb>"}</script>');
  });
});
