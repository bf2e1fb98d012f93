// Finds scenario files by name and validates them before a run: a malformed one is a one-line error.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CriuLabError, InputError } from "../platform/errors.js";
import type { Scenario } from "./define-scenario.js";
import { SCENARIOS_DIR } from "./programs-dir.js";

const SUFFIX = ".scenario.ts";

export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith(SUFFIX)).map((f) => f.slice(0, -SUFFIX.length)).sort();
}

export function scenarioFile(name: string): string {
  return join(SCENARIOS_DIR, `${name}${SUFFIX}`);
}

export async function loadScenario(name: string): Promise<Scenario> {
  const file = `scenarios/${name}${SUFFIX}`;
  let mod: { scenario?: Scenario };
  try {
    mod = (await import(pathToFileURL(scenarioFile(name)).href)) as { scenario?: Scenario };
  } catch (e) {
    if (e instanceof CriuLabError) throw new InputError(`${file}: ${e.message}`, { hint: e.hint });
    const first = e instanceof Error ? (e.message.split("\n")[0] ?? e.name) : String(e);
    throw new InputError(`${file} does not load: ${first}`, { hint: "fix the file; see README, \"Adding a scenario\"" });
  }
  if (!mod.scenario) throw new InputError(`${file} exports no \`scenario\``, { hint: "export const scenario = defineScenario({...})" });
  if (mod.scenario.name !== name) {
    throw new InputError(`${file} defines scenario "${mod.scenario.name}"`, { hint: `name it "${name}" like its file` });
  }
  return mod.scenario;
}

/**
 * The scenarios a run asks for, validated. None named: every scenario of the default matrix (all
 * but those that say `inDefaultMatrix: false`, which run only when named).
 */
export async function selectScenarios(names: readonly string[] | undefined): Promise<Scenario[]> {
  const known = scenarioNames();
  const named = names !== undefined && names.length > 0;
  const wanted = named ? names : known;
  for (const n of wanted) {
    if (!known.includes(n)) throw new InputError(`unknown scenario "${n}"`, { hint: `known: ${known.join(", ")}` });
  }
  const out: Scenario[] = [];
  for (const n of wanted) out.push(await loadScenario(n));
  return named ? out : defaultMatrix(out);
}

/** The scenarios a run with none named takes: all but those that run only when named. */
export function defaultMatrix(scenarios: readonly Scenario[]): Scenario[] {
  return scenarios.filter((s) => s.inDefaultMatrix !== false);
}
