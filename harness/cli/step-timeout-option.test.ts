import { describe, expect, test } from "vitest";
import { InputError } from "../platform/errors.js";
import { parseMatrixOptions } from "./matrix-options.js";

describe("--step-timeout is a whole number of seconds, checked before anything is built", () => {
  test.each(["0", "abc", "-1", "1.5", "90000"])("--step-timeout %s is a one-line error naming it", async (value) => {
    const e: unknown = await parseMatrixOptions([`--step-timeout=${value}`]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).oneLine()).toMatch(new RegExp(`^--step-timeout "${value.replace(".", "\\.")}" is not a whole number from 1 to 86400`));
  });
});
