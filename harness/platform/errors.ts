// One error class for everything the user can act on: what failed, why, and what to do next.
export class CriuLabError extends Error {
  override readonly name: string = "CriuLabError";
  /** What the user should do about it, in one sentence. */
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.hint = options.hint;
  }

  /** One line for a terminal: the message, then the hint. */
  oneLine(): string {
    return this.hint ? `${this.message} (${this.hint})` : this.message;
  }
}

/**
 * Text that names user input, made safe for one line: control characters and line separators (a
 * newline pasted into an option) are shown escaped, as \n or \x1b, instead of breaking the line.
 */
export function oneLineText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => {
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** A user-named input (version, scenario, option) that the harness cannot use: always one line. */
export class InputError extends CriuLabError {
  override readonly name = "InputError";

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(oneLineText(message), { ...options, ...(options.hint === undefined ? {} : { hint: oneLineText(options.hint) }) });
  }
}

/** The host cannot give what a run needs (engine, packages, root). */
export class HostError extends CriuLabError {
  override readonly name = "HostError";
}

/** Making or using an image failed. */
export class ImageError extends CriuLabError {
  override readonly name = "ImageError";
}

/** CRIU itself did not build from source (in any builder): the `build-error` outcome. */
export class BuildError extends CriuLabError {
  override readonly name = "BuildError";
  constructor(
    message: string,
    readonly logTail: string[],
  ) {
    super(message);
  }
}
