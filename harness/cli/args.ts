// Option values shared by the commands, validated into types: a bad one is a one-line InputError naming it.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { InputError } from "../platform/errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** `--parallel -1` means the value -1: a dash word after a string option that is not an option itself. */
function joinDashValues(args: readonly string[], options: Options): string[] {
  const known = new Set(Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]));
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const option = arg.startsWith("--") && !arg.includes("=") ? options[arg.slice(2)] : undefined;
    if (option?.type === "string" && next !== undefined && next.startsWith("-") && next !== "--" && !known.has(next.split("=")[0]!)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/**
 * node's parseArgs, strict, for a command's options: a value that starts with a dash is taken as the
 * value it is meant to be (so `--parallel -1` is checked as -1), and its errors are one-line InputErrors.
 */
export function parseOptions<T extends ParseArgsConfig & { args: string[]; options: Options }>(config: T): ReturnType<typeof parseArgs<T>> {
  const args = joinDashValues(config.args, config.options);
  try {
    return parseArgs({ ...config, args });
  } catch (e) {
    if (!(e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))) throw e;
    const option = /'(--[\w-]+)/.exec(e.message)?.[1];
    if (option && /ambiguous/.test(e.message)) {
      const next = args[args.indexOf(option) + 1] ?? "";
      throw new InputError(`${option} needs a value, and "${next}" is an option`, { hint: `write ${option}=VALUE` });
    }
    throw new InputError(e.message.split("\n")[0]!.trim());
  }
}

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
