// junit.xml for CI systems: one testcase per cell; unsupported is skipped, xfail passes with a note.
import { BAD_OUTCOMES, cellLabel, type CellRecord } from "./outcome.js";
import { citation } from "./summary-md.js";

function esc(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c)
    // XML 1.0 cannot carry most control characters.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

function testcase(c: CellRecord): string {
  const name = `${cellLabel(c)} (kernel ${c.kernel}, ${c.executor})${c.flaky ? " [flaky]" : ""}`;
  const open = `    <testcase classname="criu-lab.${esc(c.scenario)}" name="${esc(name)}" time="${(c.ms / 1000).toFixed(3)}">`;
  const tail = c.steps.flatMap((s) => s.logTail ?? []).slice(-40).join("\n");
  let body = "";
  if (BAD_OUTCOMES.includes(c.outcome)) {
    body = `\n      <failure type="${c.outcome}" message="${esc(`${c.outcome}: ${c.reason}`)}">${esc(tail)}</failure>\n    `;
  } else if (c.outcome === "unsupported") {
    body = `\n      <skipped message="${esc(`unsupported: ${c.reason}`)}"/>\n    `;
  } else if (c.outcome === "xfail") {
    body = `\n      <system-out>${esc(`xfail: ${c.reason} (${citation(c.expectation)})`)}</system-out>\n    `;
  }
  return `${open}${body}</testcase>`;
}

export function renderJunit(runId: string, cells: readonly CellRecord[]): string {
  const failures = cells.filter((c) => BAD_OUTCOMES.includes(c.outcome)).length;
  const skipped = cells.filter((c) => c.outcome === "unsupported").length;
  const time = cells.reduce((t, c) => t + c.ms, 0) / 1000;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="criu-lab ${esc(runId)}" tests="${cells.length}" failures="${failures}" skipped="${skipped}" time="${time.toFixed(3)}">`,
    `  <testsuite name="criu-lab" tests="${cells.length}" failures="${failures}" skipped="${skipped}" time="${time.toFixed(3)}">`,
    ...cells.map(testcase),
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
