// The program a reproduction runs: the user's plain C file as it is, or, for --run, a few lines of C
// that hand the command to /bin/sh under the program's own name (so the harness finds the restored
// process by name) and keep the shell as the root of the tree.
import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ReproProcess } from "./repro-spec.js";

/** A C string literal holding `text` byte for byte. */
export function cString(text: string): string {
  let out = "";
  let previous = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    if (c === "\\" || c === '"') out += `\\${c}`;
    else if (c === "\n") out += "\\n";
    // Octal for control bytes and UTF-8, and for a second "?" (no trigraph can form).
    else if (byte < 0x20 || byte >= 0x7f || (c === "?" && previous === "?")) out += `\\${byte.toString(8).padStart(3, "0")}`;
    else out += c;
    previous = c;
  }
  return `"${out}"`;
}

export function runnerSource(command: string): string {
  return `/*
 * Written by criu-lab repro for --run: the reported command, run by /bin/sh. argv[0] stays this
 * program's path, so the harness finds the restored tree by name; "exit $?" keeps the shell as the
 * root of the tree (a shell may exec the last command of -c in its place).
 */
#include <stdio.h>
#include <unistd.h>

static const char command[] = ${cString(`${command}\nexit $?`)};

int main(int argc, char **argv)
{
	(void)argc;
	execl("/bin/sh", argv[0], "-c", command, (char *)NULL);
	perror("execl /bin/sh");
	return 127;
}
`;
}

/** Writes <dir>/<program>.c for the process. */
export async function writeProgram(what: ReproProcess, dir: string, program: string): Promise<string> {
  const target = join(dir, `${program}.c`);
  if (what.kind === "program") await copyFile(what.file, target);
  else await writeFile(target, runnerSource(what.command));
  return target;
}
