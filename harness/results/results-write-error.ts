// A results directory that cannot take a write (disk full, quota, read-only) is a host problem the
// user can fix: one line that names the directory and what was kept, and the run stops.
import { relative } from "node:path";
import { HostError } from "../platform/errors.js";

const WHY: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EIO: "input/output error",
};

export function resultsWriteError(e: unknown, dir: string, kept: number): HostError {
  const err = e as NodeJS.ErrnoException;
  const code = typeof err?.code === "string" ? err.code : undefined;
  const why = (code && WHY[code]) ?? (e instanceof Error ? e.message.split("\n")[0] : String(e));
  const file = typeof err?.path === "string" ? `, writing ${relative(dir, err.path)}` : "";
  return new HostError(`cannot write results in ${dir}: ${why}${code ? ` (${code}${file})` : file}`, {
    cause: e,
    hint: `the run stopped; the ${kept} cell(s) written before stay whole there. Free some space, or choose another --results`,
  });
}
