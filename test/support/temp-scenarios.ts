// Scenarios (and programs) that exist only for one test, in temp dirs that criu-lab reads through
// CRIU_LAB_SCENARIOS_DIR and CRIU_LAB_PROGRAMS_DIR: faults are injected with them, never shipped.
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const HARNESS = fileURLToPath(new URL("../../harness/scenario/", import.meta.url));
const PROGRAMS = fileURLToPath(new URL("../../programs/", import.meta.url));

export interface TempScenarios {
  /** The environment that makes criu-lab see them. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * `scenarios`: name -> the object literal given to defineScenario (as TypeScript source).
 * `programs`: name -> C source; when given, the programs dir holds only these and the shared header.
 */
export async function tempScenarios(scenarios: Record<string, string>, programs?: Record<string, string>): Promise<TempScenarios> {
  const root = await mkdtemp(join(tmpdir(), "criu-lab-faults-"));
  const scenarioDir = join(root, "scenarios");
  await mkdir(scenarioDir, { recursive: true });
  await writeFile(join(scenarioDir, "package.json"), '{ "type": "module" }\n');
  for (const [name, definition] of Object.entries(scenarios)) {
    await writeFile(
      join(scenarioDir, `${name}.scenario.ts`),
      `import { defineScenario } from ${JSON.stringify(join(HARNESS, "define-scenario.ts"))};
import { testScenario } from ${JSON.stringify(join(HARNESS, "vitest-matrix.ts"))};
export const scenario = defineScenario(${definition});
await testScenario(scenario);
`,
    );
  }
  const env: Record<string, string> = { CRIU_LAB_SCENARIOS_DIR: scenarioDir };
  if (programs) {
    const programDir = join(root, "programs");
    await cp(join(PROGRAMS, "include"), join(programDir, "include"), { recursive: true });
    for (const [name, source] of Object.entries(programs)) await writeFile(join(programDir, `${name}.c`), source);
    env.CRIU_LAB_PROGRAMS_DIR = programDir;
  }
  return { env, cleanup: () => rm(root, { recursive: true, force: true }) };
}
