// The criu-lab command line. Every command answers --help; errors the user can act on print as one line.
import { parseArgs } from "node:util";
import { CriuLabError } from "../platform/errors.js";
import { bisectCommand } from "../bisect/bisect-command.js";
import { bisectStepCommand } from "../bisect/bisect-step.js";
import { ciCommand, CI_USAGE } from "./ci-command.js";
import { compareCommand, COMPARE_USAGE } from "./compare-command.js";
import { doctorCommand } from "./doctor-command.js";
import { engineCommand, ENGINE_USAGE } from "./engine-command.js";
import { gcCommand, GC_USAGE } from "./gc-command.js";
import { matrixCommand, MATRIX_USAGE } from "./matrix-command.js";
import { mergeCommand, MERGE_USAGE } from "./merge-command.js";
import { newCommand } from "./new-command.js";
import { setupCommand } from "./setup-command.js";
import { USAGES } from "./usages.js";
import { reproCommand } from "../repro/repro-command.js";
import { versionsCommand } from "./versions-command.js";

interface Command {
  run(argv: string[]): Promise<number>;
  usage: string;
  /** One line in `criu-lab --help`; unset: not listed (internal). */
  summary?: string;
}

export const COMMANDS: Record<string, Command> = {
  matrix: { run: matrixCommand, usage: MATRIX_USAGE, summary: "run scenarios x CRIU versions x kernels (or one shard of them)" },
  merge: { run: mergeCommand, usage: MERGE_USAGE, summary: "one run from the shard runs of one matrix" },
  compare: { run: compareCommand, usage: COMPARE_USAGE, summary: "what changed between two runs; exit 1 on a regression" },
  repro: { run: reproCommand, usage: USAGES.repro, summary: "reproduce a bug report without writing a scenario; prints Markdown for a CRIU issue" },
  versions: { run: versionsCommand, usage: USAGES.versions, summary: "what each CRIU version name or range resolves to, and where it comes from" },
  bisect: { run: bisectCommand, usage: USAGES.bisect, summary: "the first commit where a scenario starts failing (or, --fixed, passing)" },
  ci: { run: ciCommand, usage: CI_USAGE, summary: "write a GitHub Actions workflow: gate, shards, merge, compare, all-done" },
  engine: { run: engineCommand, usage: ENGINE_USAGE, summary: "a Docker engine of criu-lab's own in a directory (DOCKER_HOST), restarted when it dies" },
  setup: { run: setupCommand, usage: USAGES.setup, summary: "start the Docker engine and make the images (idempotent)" },
  doctor: { run: (argv) => noOptions(argv).then(doctorCommand), usage: USAGES.doctor, summary: "what this host offers and what is missing" },
  gc: { run: gcCommand, usage: GC_USAGE, summary: "keep the caches within a budget (least recently used first)" },
  new: { run: newCommand, usage: USAGES.new, summary: "a scenario + program skeleton from templates" },
  "bisect-step": { run: bisectStepCommand, usage: USAGES["bisect-step"] },
};

/** A command that takes no options still refuses unknown ones. */
async function noOptions(argv: string[]): Promise<void> {
  parseArgs({ args: argv, options: {}, strict: true });
}

function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).filter(([, c]) => c.summary).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: criu-lab <command> [options]\n\n${lines.join("\n")}\n\n\`criu-lab <command> --help\` shows a command's options. DEBUG=criu-lab* shows every step the harness takes.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(`${mainUsage()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`criu-lab: unknown command "${name}"\n${mainUsage()}\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest);
}

// Run from inside a vitest test (our integration tests do), the CLI would inherit VITEST* variables
// and mistake itself for a test worker; the vitest it starts sets its own.
for (const key of Object.keys(process.env)) if (key.startsWith("VITEST")) delete process.env[key];

// A reader that stops early (`criu-lab versions | head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof CriuLabError) {
    process.stderr.write(`criu-lab: ${e.oneLine()}\n`);
    process.exitCode = 2;
  } else if (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`criu-lab: ${e.message} (see criu-lab ${process.argv[2] ?? ""} --help)\n`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
