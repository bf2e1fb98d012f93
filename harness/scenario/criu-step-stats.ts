// After a successful dump or restore: CRIU's stats image from its images directory, decoded, and for
// a dump the images' size on disk. A file that is not there is recorded as missing, never as zeros.
import { decodeStatsImage } from "../criu/criu-stats.js";
import type { CommandRunner } from "../platform/command-runner.js";
import type { CriuStats } from "../results/outcome.js";

export const STATS_FILES = { dump: "stats-dump", restore: "stats-restore" } as const;

export interface StatsReadOptions {
  kind: "dump" | "restore";
  imagesDir: string;
  /**
   * How long the file may take to appear: criu-ns and shell-job restores are seen finished by their
   * log line, which CRIU prints just before it writes the stats.
   */
  waitMs?: number;
}

const POLL_MS = 50;

/** Shell that prints the stats file base64-encoded (and, for a dump, the images' size), then its exit code. */
export function statsShell({ kind, imagesDir, waitMs = 0 }: StatsReadOptions): string {
  const file = `${imagesDir}/${STATS_FILES[kind]}`;
  const wait = waitMs > 0 ? `for i in $(seq ${Math.ceil(waitMs / POLL_MS)}); do [ -s ${file} ] && break; sleep ${POLL_MS / 1000}; done; ` : "";
  const size = kind === "dump" ? `; echo; du -sb ${imagesDir} | cut -f1` : "";
  return `(${wait}[ -s ${file} ] || { echo "CRIU wrote no ${file}"; exit 3; }; base64 -w0 ${file} 2>&1${size}); stats_rc=$?; echo; echo "${EXIT_MARK}$stats_rc"`;
}

const EXIT_MARK = "criu-lab-stats-exit ";

/** The stats from what statsShell printed (after a CRIU call, or on its own). */
export function parseStats(kind: StatsReadOptions["kind"], printed: string | undefined): CriuStats {
  const text = printed ?? "";
  const at = text.lastIndexOf(EXIT_MARK);
  const exitCode = at < 0 ? -1 : Number(text.slice(at + EXIT_MARK.length).trim());
  const body = (at < 0 ? text : text.slice(0, at)).trim();
  if (exitCode !== 0) return { kind, missing: true, why: body || `reading CRIU's stats-${kind} exited ${exitCode}` };
  const [encoded = "", du] = body.split("\n");
  let fields: Record<string, number> | undefined;
  try {
    fields = decodeStatsImage(Buffer.from(encoded, "base64"))[kind];
  } catch (e) {
    return { kind, missing: true, why: `stats-${kind} does not decode: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!fields) return { kind, missing: true, why: `stats-${kind} holds no ${kind} entry` };
  if (kind === "restore") return { kind, fields };
  const bytes = Number(du);
  return { kind, fields, ...(Number.isFinite(bytes) && du !== undefined ? { imagesBytes: bytes } : {}) };
}

/** The stats of the CRIU run that just used imagesDir, through the executor it ran in (a round trip of its own). */
export async function readStepStats(runner: CommandRunner, options: StatsReadOptions): Promise<CriuStats> {
  const r = await runner.run(["sh", "-c", statsShell(options)]);
  return parseStats(options.kind, r.output);
}

/** One step over several copies (after a clone): the copies' stats added up; missing if one is. */
export function sumStats(all: readonly CriuStats[]): CriuStats | undefined {
  const first = all[0];
  if (!first || all.length === 1) return first;
  const missing = all.find((s) => s.missing);
  if (missing) return missing;
  const fields: Record<string, number> = {};
  for (const s of all) if (!s.missing) for (const [k, v] of Object.entries(s.fields)) fields[k] = (fields[k] ?? 0) + v;
  if (first.kind === "restore") return { kind: "restore", fields };
  const sizes = all.map((s) => (s.kind === "dump" && !s.missing ? s.imagesBytes : undefined));
  return { kind: "dump", fields, ...(sizes.every((b) => b !== undefined) ? { imagesBytes: sizes.reduce((t, b) => t + b!, 0) } : {}) };
}
