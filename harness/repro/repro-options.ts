// `criu-lab repro` options, checked before anything is built: each problem is one line naming the option.
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "../platform/errors.js";
import type { ReproSpec } from "./repro-spec.js";

export interface ReproOptions {
  spec: ReproSpec;
  /** --versions items as typed (resolved by the command: they may need the repository's tags). */
  versions?: string[];
  kernels?: string[];
  criuRepo?: string;
  base?: string;
  results?: string;
  /** --save NAME: also write scenarios/NAME.scenario.ts and programs/NAME.c. */
  save?: string;
  /** The command line, for the report. */
  argv: string[];
}

export const REPRO_USAGE = `criu-lab repro (--run "CMD" | --program FILE.c) [--shell-job] [--criu-ns] [--migrate]
       [--dump-args "ARGS"] [--restore-args "ARGS"] [--setup CMD]... [--before-restore CMD]...
       [--check CMD] [--check-timeout S] [--cycles N] [--settle S]
       [--versions ...] [--kernels ...] [--criu-repo R] [--base IMAGE] [--results DIR] [--save NAME]`;

const list = (v: string | undefined) => v?.split(",").map((s) => s.trim()).filter(Boolean);
const words = (v: string[] | undefined) => (v ?? []).flatMap((s) => s.split(/\s+/)).filter(Boolean);

function positiveNumber(option: string, text: string | undefined, fallback: number, integer: boolean): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new InputError(`--${option} ${text}: want a ${integer ? "whole " : ""}number above 0`, { hint: REPRO_USAGE.split("\n")[0] });
  }
  return n;
}

export function parseReproOptions(argv: string[]): ReproOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      run: { type: "string" }, program: { type: "string" }, "shell-job": { type: "boolean" }, "criu-ns": { type: "boolean" },
      migrate: { type: "boolean" }, "dump-args": { type: "string", multiple: true }, "restore-args": { type: "string", multiple: true },
      setup: { type: "string", multiple: true }, "before-restore": { type: "string", multiple: true }, check: { type: "string" },
      "check-timeout": { type: "string" }, cycles: { type: "string" }, settle: { type: "string" }, versions: { type: "string" },
      kernels: { type: "string" }, "criu-repo": { type: "string" }, base: { type: "string" }, results: { type: "string" }, save: { type: "string" },
    },
  });
  if ((values.run === undefined) === (values.program === undefined)) {
    throw new InputError("repro needs the process: --run \"shell command\" or --program file.c (one of them)", { hint: REPRO_USAGE.split("\n")[0] });
  }
  if (values.run !== undefined && !values.run.trim()) throw new InputError("--run is empty", { hint: 'give the command that starts the process, e.g. --run "python3 server.py"' });
  const file = values.program && resolve(values.program);
  if (file && (!existsSync(file) || !statSync(file).isFile() || !file.endsWith(".c"))) {
    throw new InputError(`--program ${values.program}: not a C file (want an existing file.c)`, { hint: "a plain C program with a main(); no criu_lab.h needed" });
  }
  if (values.save !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(values.save)) {
    throw new InputError(`--save "${values.save}" must be kebab-case, like pts-redump-criu-ns`);
  }
  if (values.check !== undefined && !values.check.trim()) throw new InputError("--check is empty", { hint: 'e.g. --check "test -e /proc/$PID"' });
  const spec: ReproSpec = {
    name: values.save ?? "repro",
    process: file ? { kind: "program", file } : { kind: "run", command: values.run! },
    criu: { wrapper: values["criu-ns"] ? "criu-ns" : "criu", shellJob: values["shell-job"] ?? false },
    dumpArgs: words(values["dump-args"]),
    restoreArgs: words(values["restore-args"]),
    setup: values.setup ?? [],
    beforeRestore: values["before-restore"] ?? [],
    migrate: values.migrate ?? false,
    ...(values.check ? { check: values.check } : {}),
    checkTimeoutSeconds: positiveNumber("check-timeout", values["check-timeout"], 60, false),
    cycles: positiveNumber("cycles", values.cycles, 2, true),
    settleMs: Math.round(positiveNumber("settle", values.settle, 1, false) * 1000),
  };
  return { spec, versions: list(values.versions), kernels: list(values.kernels), criuRepo: values["criu-repo"], base: values.base, results: values.results, save: values.save, argv };
}
