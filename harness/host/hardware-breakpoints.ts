// Whether ptrace hardware breakpoints fire in this engine's containers. Where they do not (some
// hypervisors do not virtualize debug registers), CRIU before v4.2 hangs in every dump; v4.2 detects
// it (1eaa870cc "kerndat: check that hardware breakpoints work", #2658) and stops tasks by syscall
// tracing instead, the path CRIU_FAULT=130 (FI_NO_BREAKPOINTS, in every release since 3.x) selects.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { runOnce } from "../platform/docker-cli.js";
import { logger } from "../platform/log.js";

const log = logger("host");
const PROBE_SOURCE = fileURLToPath(new URL("./hardware-breakpoints.c", import.meta.url));

export type BreakpointsProbe =
  | { state: "work" }
  | { state: "broken"; evidence: string }
  /** Not x86_64, no compiler in the image, a ptrace refused: CRIU is left to its defaults. */
  | { state: "unknown"; why: string };

/** The environment every CRIU call gets where breakpoints are broken: no-breakpoints mode. */
export const NO_BREAKPOINTS_ENV: Readonly<Record<string, string>> = { CRIU_FAULT: "130" };

export function parseBreakpointsProbe(output: string): BreakpointsProbe {
  const line = output.split("\n").find((l) => l.startsWith("breakpoints: "));
  if (line === "breakpoints: work") return { state: "work" };
  if (line === "breakpoints: broken") {
    return { state: "broken", evidence: "a ptrace hardware breakpoint (DR0/DR7) did not fire in a probe" };
  }
  const why = line?.replace(/^breakpoints: unknown: /, "") ?? `the probe printed: ${output.trim().split("\n")[0] ?? "nothing"}`;
  return { state: "unknown", why };
}

/** Compiles and runs the probe in `image` with the containers' own flags (it needs ptrace). */
export async function probeHardwareBreakpoints(image: string, runFlags: readonly string[]): Promise<BreakpointsProbe> {
  const source = await readFile(PROBE_SOURCE, "utf8");
  const r = await runOnce("probe", image, ["sh", "-c", "cat > /tmp/bp.c && gcc -O0 -o /tmp/bp /tmp/bp.c && /tmp/bp"], runFlags, { input: source, timeoutMs: 60_000 });
  const probe = parseBreakpointsProbe(r.output);
  log("hardware breakpoints probe: %o", probe);
  return probe;
}
