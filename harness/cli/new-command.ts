// `criu-lab new <name>`: a scenario and its program from templates, the quickest way from a bug
// report to a runnable case.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "../platform/errors.js";
import { programSourcePath } from "../scenario/programs-dir.js";
import { scenarioFile } from "../scenario/select-scenarios.js";
import { fillTemplate as fill } from "../scenario/templates.js";

export async function newCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { title: { type: "string" } } });
  const name = positionals[0];
  if (!name || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
    throw new InputError(`scenario name "${name ?? ""}" must be kebab-case, like pts-redump-criu-ns`, { hint: "criu-lab new <name> [--title \"what it checks\"]" });
  }
  const program = name.replaceAll("-", "_");
  const files = { scenario: scenarioFile(name), program: programSourcePath(program) };
  for (const f of Object.values(files)) {
    if (existsSync(f)) throw new InputError(`${relative(process.cwd(), f)} exists already`, { hint: "pick another name" });
  }
  const values_ = { NAME: name, PROGRAM: program, TITLE: values.title ?? name.replaceAll("-", " ") };
  await writeFile(files.program, await fill("program.c.tmpl", values_));
  await writeFile(files.scenario, await fill("scenario.ts.tmpl", values_));
  process.stdout.write(`wrote ${relative(process.cwd(), files.scenario)} and ${relative(process.cwd(), files.program)}
next: fill in the TODOs, then run it:
  node bin/criu-lab.js matrix --scenarios ${name}
`);
  return 0;
}
