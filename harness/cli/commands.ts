// Every criu-lab command: its usage (--help) and its line in `criu-lab --help` come from usages.ts;
// its code is loaded only when it runs, so `--help` and a bad command answer at once.
import { parseArgs } from "node:util";
import { CI_USAGE, COMPARE_USAGE, ENGINE_USAGE, GC_USAGE, MATRIX_USAGE, MERGE_USAGE, USAGES } from "./usages.js";

export interface Command {
  run(argv: string[]): Promise<number>;
  usage: string;
  /** One line in `criu-lab --help`; unset: not listed (internal). */
  summary?: string;
}

/** A command that takes no options still refuses unknown ones. */
function noOptions(argv: string[]): void {
  parseArgs({ args: argv, options: {}, strict: true });
}

export const COMMANDS: Record<string, Command> = {
  matrix: { run: async (a) => (await import("./matrix-command.js")).matrixCommand(a), usage: MATRIX_USAGE, summary: "run scenarios x CRIU versions x kernels (or one shard of them)" },
  merge: { run: async (a) => (await import("./merge-command.js")).mergeCommand(a), usage: MERGE_USAGE, summary: "one run from the shard runs of one matrix" },
  compare: { run: async (a) => (await import("./compare-command.js")).compareCommand(a), usage: COMPARE_USAGE, summary: "what changed between two runs; exit 1 on a regression" },
  repro: { run: async (a) => (await import("../repro/repro-command.js")).reproCommand(a), usage: USAGES.repro, summary: "reproduce a bug report without writing a scenario; prints Markdown for a CRIU issue" },
  versions: { run: async (a) => (await import("./versions-command.js")).versionsCommand(a), usage: USAGES.versions, summary: "what each CRIU version name or range resolves to, and where it comes from" },
  bisect: { run: async (a) => (await import("../bisect/bisect-command.js")).bisectCommand(a), usage: USAGES.bisect, summary: "the first commit where a scenario starts failing (or, --fixed, passing)" },
  ci: { run: async (a) => (await import("./ci-command.js")).ciCommand(a), usage: CI_USAGE, summary: "write a GitHub Actions workflow: gate, shards, merge, compare, all-done" },
  engine: { run: async (a) => (await import("./engine-command.js")).engineCommand(a), usage: ENGINE_USAGE, summary: "a Docker engine of criu-lab's own in a directory (DOCKER_HOST), restarted when it dies" },
  setup: { run: async (a) => (await import("./setup-command.js")).setupCommand(a), usage: USAGES.setup, summary: "start the Docker engine and make the images (idempotent)" },
  doctor: { run: async (a) => (noOptions(a), (await import("./doctor-command.js")).doctorCommand()), usage: USAGES.doctor, summary: "what this host offers and what is missing" },
  gc: { run: async (a) => (await import("./gc-command.js")).gcCommand(a), usage: GC_USAGE, summary: "keep the caches within a budget (least recently used first)" },
  new: { run: async (a) => (await import("./new-command.js")).newCommand(a), usage: USAGES.new, summary: "a scenario + program skeleton from templates" },
  "bisect-step": { run: async (a) => (await import("../bisect/bisect-step.js")).bisectStepCommand(a), usage: USAGES["bisect-step"] },
};

export function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).filter(([, c]) => c.summary).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: criu-lab <command> [options]\n\n${lines.join("\n")}\n\n\`criu-lab <command> --help\` shows a command's options. DEBUG=criu-lab* shows every step the harness takes.`;
}
