// What CRIU wrappers need from an executor: run an argv inside the target, get exit code and output.
export interface CommandResult {
  exitCode: number;
  output: string;
}

export interface CommandRunner {
  /** Runs argv inside the executor; never throws for a non-zero exit (the caller decides). */
  run(argv: readonly string[]): Promise<CommandResult>;
}

/** Quotes one argument for `sh -c`. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function shellLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(" ");
}
