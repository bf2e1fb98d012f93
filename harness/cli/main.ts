// The criu-lab command line. Every command answers --help; errors the user can act on print as one line.
import { CriuLabError } from "../platform/errors.js";
import { COMMANDS, mainUsage } from "./commands.js";

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
