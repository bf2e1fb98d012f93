// The criu-lab command line: matrix, setup, doctor. Errors the user can act on print as one line.
import { CriuLabError } from "../platform/errors.js";
import { bisectCommand } from "../bisect/bisect-command.js";
import { bisectStepCommand } from "../bisect/bisect-step.js";
import { reproCommand } from "../repro/repro-command.js";
import { doctorCommand } from "./doctor-command.js";
import { matrixCommand } from "./matrix-command.js";
import { newCommand } from "./new-command.js";
import { setupCommand } from "./setup-command.js";
import { versionsCommand } from "./versions-command.js";

const USAGE = `usage: criu-lab <command> [options]

  matrix [--versions 3.17.1,3.16.1,">=4.0 <4.2",all,deb-src:4.2.1,git:v4.0] [--criu-repo PATH|URL]
         [--kernels host,debian:6.1,debian:5.10,/path/to/bzImage] [--base IMAGE]
         [--scenarios NAME,...] [--results DIR] [--parallel N]
         run scenarios x CRIU versions x kernels; results in results/<run-id> and results/latest
         (host: containers on this kernel; any other kernel: one qemu VM per CRIU version)
  setup  [--versions ...] [--base IMAGE]   start the Docker engine and make the images (idempotent)
  doctor                    what this host offers and what is missing
  versions [--versions ...] [--criu-repo R] [--base IMAGE]
                            what each CRIU name resolves to and where it comes from (builds nothing)
  new NAME [--title T]      write scenarios/NAME.scenario.ts and programs/NAME.c from templates
  repro (--run "CMD" | --program FILE.c) [--shell-job] [--criu-ns] [--migrate]
        [--dump-args "ARGS"] [--restore-args "ARGS"] [--setup CMD]... [--before-restore CMD]...
        [--check CMD] [--check-timeout S] [--cycles N] [--settle S] [--save NAME]
        [--versions ...] [--kernels ...] [--criu-repo R] [--base IMAGE] [--results DIR]
                            reproduce a bug report; prints Markdown for a CRIU issue
  bisect --criu-repo R --good A --bad B --scenario S [--kernel K]
                            the first commit where S starts failing (on kernel K: a VM)
  bisect --criu-repo R --old A --new B --scenario S --fixed | --supported
                            the first commit where S starts passing (--fixed) or running at all (--supported)
  bisect --criu-repo R --releases [--versions RANGE] --scenario S [--supported] [--kernel K]
                            the two releases where S changes, then the commit between them

DEBUG=criu-lab* shows every step the harness takes.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "matrix":
      return matrixCommand(rest);
    case "setup":
      return setupCommand(rest);
    case "doctor":
      return doctorCommand();
    case "versions":
      return versionsCommand(rest);
    case "repro":
      return reproCommand(rest);
    case "new":
      return newCommand(rest);
    case "bisect":
      return bisectCommand(rest);
    case "bisect-step":
      return bisectStepCommand(rest);
    case undefined:
    case "help":
    case "--help":
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`criu-lab: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
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
    process.stderr.write(`criu-lab: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
