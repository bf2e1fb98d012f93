// Small wrappers over the docker CLI for image work (import, commit, inspect), where a CLI is simplest.
import { execa } from "execa";
import { ImageError } from "./errors.js";
import { ownLabels, type ContainerRole } from "./labels.js";
import { logger } from "./log.js";

const log = logger("images");

export async function imageExists(tag: string): Promise<boolean> {
  const r = await execa("docker", ["image", "inspect", "--format", "{{.Id}}", tag], { reject: false });
  return r.exitCode === 0;
}

export async function imageId(tag: string): Promise<string> {
  const r = await execa("docker", ["image", "inspect", "--format", "{{.Id}}", tag], { reject: false });
  if (r.exitCode !== 0) throw new ImageError(`image ${tag} is missing`, { hint: "run `criu-lab setup`" });
  return r.stdout.trim();
}

export function labelFlags(role: ContainerRole): string[] {
  return Object.entries(ownLabels(role)).map(([k, v]) => `--label=${k}=${v}`);
}

/** Runs a throw-away container (labelled, no network) and returns its output; never throws. */
export async function runOnce(
  role: ContainerRole,
  image: string,
  command: string[],
  flags: readonly string[] = [],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<{ exitCode: number; output: string }> {
  log("run %s: %s", image, command.join(" "));
  const stdin = options.input === undefined ? [] : ["-i"];
  const r = await execa("docker", ["run", "--rm", ...stdin, "--network=none", ...labelFlags(role), ...flags, image, ...command], {
    reject: false,
    all: true,
    timeout: options.timeoutMs ?? 10 * 60_000,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  return { exitCode: r.exitCode ?? -1, output: r.all ?? "" };
}
