// Where test programs live in the project.
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const PROGRAMS_DIR = join(PROJECT_ROOT, "programs");
export const SCENARIOS_DIR = join(PROJECT_ROOT, "scenarios");

export function programSourcePath(program: string): string {
  return join(PROGRAMS_DIR, `${program}.c`);
}
