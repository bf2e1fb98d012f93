// A reproduction as a scenario: in memory for the run (program in a scratch directory), or written
// with --save into scenarios/ and programs/, in the shape `criu-lab new` makes.
import { copyFile, writeFile } from "node:fs/promises";
import { defineScenario, type Scenario } from "../scenario/define-scenario.js";
import { commandCheck, sameProcessTree } from "../scenario/outside-checks.js";
import { fillTemplate } from "../scenario/templates.js";
import { describeSpec, programName, reproSteps, type ReproSpec } from "./repro-spec.js";

export function reproScenario(spec: ReproSpec, programsDir: string): Scenario {
  return defineScenario({
    name: spec.name,
    summary: describeSpec(spec),
    program: programName(spec),
    programsDir,
    plainProgram: { settleMs: spec.settleMs },
    criu: spec.criu,
    dumpArgs: spec.dumpArgs,
    restoreArgs: spec.restoreArgs,
    steps: reproSteps(spec),
    outsideChecks: [spec.check ? commandCheck(spec.check, spec.checkTimeoutSeconds) : sameProcessTree()],
    expectations: [],
  });
}

/** A JSON value as TypeScript people write it: { step: "exec", run: "..." }, unquoted keys. */
function js(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(js).join(", ")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${/^[a-zA-Z_]\w*$/.test(k) ? k : JSON.stringify(k)}: ${js(v)}`);
    return entries.length > 0 ? `{ ${entries.join(", ")} }` : "{}";
  }
  return JSON.stringify(value);
}

/** The scenario file for `spec`; the same fields the in-memory scenario has. */
export function renderScenarioFile(spec: ReproSpec, context: { command: string; run: string; results: string }): Promise<string> {
  return fillTemplate("repro-scenario.ts.tmpl", {
    TITLE: describeSpec(spec).replaceAll("\n", " "),
    SUMMARY: js(describeSpec(spec)),
    COMMAND: context.command.replaceAll("\n", " "),
    RUN: context.run,
    RESULTS: context.results,
    NAME: spec.name,
    PROGRAM: programName(spec),
    SETTLE: String(spec.settleMs),
    CRIU: js(spec.criu),
    DUMP_ARGS: js(spec.dumpArgs),
    RESTORE_ARGS: js(spec.restoreArgs),
    STEPS: js(reproSteps(spec)),
    CHECK_KIND: spec.check ? "commandCheck" : "sameProcessTree",
    CHECK: spec.check ? `commandCheck(${js(spec.check)}, ${spec.checkTimeoutSeconds})` : "sameProcessTree()",
  });
}

export async function saveScenario(spec: ReproSpec, files: { scenario: string; program: string; source: string }, context: Parameters<typeof renderScenarioFile>[1]): Promise<void> {
  await copyFile(files.source, files.program);
  await writeFile(files.scenario, await renderScenarioFile(spec, context));
}
