// Where test programs live in the project.
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** CRIU_LAB_PROGRAMS_DIR lets tests bring programs of their own (with their own include/criu_lab.h). */
export const PROGRAMS_DIR = process.env.CRIU_LAB_PROGRAMS_DIR ?? join(PROJECT_ROOT, "programs");
/** CRIU_LAB_SCENARIOS_DIR lets tests point the validator at scenarios outside the project. */
export const SCENARIOS_DIR = process.env.CRIU_LAB_SCENARIOS_DIR ?? join(PROJECT_ROOT, "scenarios");

export function programSourcePath(program: string): string {
  return join(PROGRAMS_DIR, `${program}.c`);
}
