// Option values shared by the commands, validated into types: a bad one is a one-line InputError naming it.
import { InputError } from "../platform/errors.js";

export function commaList(value: string | undefined): string[] | undefined {
  const list = value?.split(",").map((s) => s.trim()).filter(Boolean);
  return list && list.length > 0 ? list : undefined;
}

/** A whole number in [min, max]: `--parallel 0`, `abc`, `-1`, `1.5` and `2x` are errors. */
export function wholeNumber(flag: string, value: string, range: { min: number; max: number }): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new InputError(`${flag} "${value}" is not a whole number from ${range.min} to ${range.max}`, { hint: `for example ${flag} ${range.min}` });
  }
  return n;
}

/** `--shard i/n`: shard i (1-based) of n. */
export function shardSpec(value: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count || count > 1000) {
    throw new InputError(`--shard "${value}" is not i/n with 1 <= i <= n`, { hint: "for example --shard 1/2 and --shard 2/2" });
  }
  return { index, count };
}
