// For the property tests over bad input: what every bad value must give, a one-line InputError
// that names the value (as the terminal shows it: control characters escaped).
import { InputError, oneLineText } from "./errors.js";

const LINE_BREAKS = /[\n\r\u0085\u2028\u2029]/;

/** The InputError `run` throws (or rejects with); undefined when it does not throw; any other error is rethrown. */
export async function inputErrorOf(run: () => unknown): Promise<InputError | undefined> {
  try {
    await run();
    return undefined;
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
}

/** True when the error prints as one line that holds each of `values`. */
export function oneLineNaming(error: InputError, ...values: string[]): boolean {
  const line = error.oneLine();
  return !LINE_BREAKS.test(line) && values.every((v) => line.includes(oneLineText(v)));
}

/** Strings of any code points (control characters, line separators, emoji), not only printable ASCII. */
export const anyText = { unit: "binary" } as const;
