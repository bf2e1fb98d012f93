// What a scenario definition must look like before its content is judged. A scenario file in plain
// JavaScript (or one with `as never`) can hand defineScenario anything: each wrong shape is named
// in one line, instead of a TypeError from deep inside the checks.
const OUTCOMES = ["pass", "xfail", "unsupported"];

/** A value as a message shows it: strings quoted, lists and objects by kind. */
export function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof RegExp) return String(value);
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  if (typeof value === "function") return "a function";
  return String(value);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function listOfStrings(key: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return `${key} is ${shown(value)}, not a list`;
  const bad = value.find((x) => typeof x !== "string");
  return bad === undefined ? undefined : `${key} holds ${shown(bad)}, not a string`;
}

function stepShape(s: unknown): string | undefined {
  if (typeof s === "string") return undefined;
  if (!isRecord(s)) return `a step is ${shown(s)}, not a step name or { step: ... }`;
  if (typeof s.step !== "string") return `a step's "step" is ${shown(s.step)}, not a step name`;
  for (const key of ["name", "run"]) if (s[key] !== undefined && typeof s[key] !== "string") return `a "${s.step}" step's ${key} is ${shown(s[key])}, not a string`;
  if (s.mayFail !== undefined && typeof s.mayFail !== "boolean") return `a "${s.step}" step's mayFail is ${shown(s.mayFail)}, not true or false`;
  if (s.copies !== undefined && !Number.isSafeInteger(s.copies)) return `a "${s.step}" step's copies is ${shown(s.copies)}, not a whole number`;
  if (s.wrapper !== undefined && s.wrapper !== "criu" && s.wrapper !== "criu-ns") return `a "${s.step}" step's wrapper is ${shown(s.wrapper)}, not "criu" or "criu-ns"`;
  return undefined;
}

function expectationShape(e: unknown): string | undefined {
  if (!isRecord(e)) return `an expectation is ${shown(e)}, not an object`;
  if (typeof e.criu !== "string") return `expectation range ${shown(e.criu)} is not a semver range`;
  for (const key of ["restoreCriu", "kernel"]) if (e[key] !== undefined && typeof e[key] !== "string") return `expectation ${key} range ${shown(e[key])} is not a semver range`;
  if (!OUTCOMES.includes(e.outcome as string)) return `expectation outcome ${shown(e.outcome)} is not ${OUTCOMES.join(", ")}`;
  for (const key of ["ref", "known", "reason"]) if (e[key] !== undefined && typeof e[key] !== "string") return `expectation ${key} is ${shown(e[key])}, not a string`;
  return undefined;
}

/** The first wrong shape in a definition, in words; undefined when every field has its type. */
export function shapeProblem(def: unknown): string | undefined {
  if (!isRecord(def)) return `the definition is ${shown(def)}, not an object`;
  for (const key of ["name", "summary", "program"]) if (typeof def[key] !== "string") return `${key} is ${shown(def[key])}, not a string`;
  if (!Array.isArray(def.steps)) return `steps is ${shown(def.steps)}, not a list`;
  for (const s of def.steps) {
    const why = stepShape(s);
    if (why) return why;
  }
  if (def.expectations !== undefined && !Array.isArray(def.expectations)) return `expectations is ${shown(def.expectations)}, not a list`;
  for (const e of (def.expectations as unknown[] | undefined) ?? []) {
    const why = expectationShape(e);
    if (why) return why;
  }
  for (const key of ["features", "dumpArgs", "restoreArgs"]) {
    const why = listOfStrings(key, def[key]);
    if (why) return why;
  }
  if (def.outsideChecks !== undefined && !Array.isArray(def.outsideChecks)) return `outsideChecks is ${shown(def.outsideChecks)}, not a list`;
  if (def.crossVersion !== undefined && typeof def.crossVersion !== "boolean") return `crossVersion is ${shown(def.crossVersion)}, not true or false`;
  if (def.criu !== undefined) {
    if (!isRecord(def.criu)) return `criu is ${shown(def.criu)}, not { wrapper, shellJob }`;
    if (def.criu.wrapper !== undefined && def.criu.wrapper !== "criu" && def.criu.wrapper !== "criu-ns") return `criu.wrapper is ${shown(def.criu.wrapper)}, not "criu" or "criu-ns"`;
    if (def.criu.shellJob !== undefined && typeof def.criu.shellJob !== "boolean") return `criu.shellJob is ${shown(def.criu.shellJob)}, not true or false`;
  }
  return undefined;
}
