// `criu-lab ci github`: writes the GitHub Actions workflow that runs the matrix as a gate, in shards, merged and compared.
import { isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { githubWorkflowYaml } from "../ci/github-workflow.js";
import { DEFAULT_SHARDS, DEFAULT_WORKFLOW_PATH, MAX_SHARDS, type GithubWorkflowOptions } from "../ci/workflow-options.js";
import { resolveVersions } from "../images/resolve-versions.js";
import { parseKernelSpecs } from "../kernels/kernel-spec.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { InputError } from "../platform/errors.js";
import { PROJECT_ROOT } from "../scenario/programs-dir.js";
import { scenarioNames } from "../scenario/select-scenarios.js";
import { commaList } from "./args.js";
import { CI_USAGE } from "./usages.js";


/** A positive whole number of shards, or a one-line error naming what was typed. */
export function parseShards(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_SHARDS;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_SHARDS) {
    throw new InputError(`--shards "${raw}" is not a whole number from 1 to ${MAX_SHARDS}`, { hint: "e.g. --shards 2" });
  }
  return n;
}

/** Only what a GitHub runner can have: packaged or Debian-source CRIU, the host or Debian's kernels. */
export function parseCiOptions(values: { versions?: string; kernels?: string; scenarios?: string; shards?: string }): GithubWorkflowOptions {
  const versions = commaList(values.versions) ?? [];
  for (const v of resolveVersions(versions)) {
    if (v.source.kind === "git") throw new InputError(`CRIU version "${v.version}" is built from a CRIU git clone, which CI must not depend on`, { hint: "use a packaged version or deb-src:<version>" });
  }
  const kernels = commaList(values.kernels) ? parseKernelSpecs(commaList(values.kernels)) : [];
  for (const k of kernels) {
    if (k.kind === "path") throw new InputError(`kernel "${k.name}" is a path on this machine; a GitHub runner does not have it`, { hint: "use host or debian:<series>" });
  }
  const scenarios = commaList(values.scenarios) ?? [];
  const known = scenarioNames();
  for (const s of scenarios) {
    if (!known.includes(s)) throw new InputError(`unknown scenario "${s}"`, { hint: `known: ${known.join(", ")}` });
  }
  return { versions, kernels, scenarios, shards: parseShards(values.shards) };
}

/** `--shards -1` as `--shards=-1`: parseArgs would call a dash-led value ambiguous, in three lines that never name it. */
function withNegativeShards(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (argv[i] === "--shards" && next !== undefined && /^-\d/.test(next)) {
      out.push(`--shards=${next}`);
      i++;
    } else {
      out.push(argv[i]!);
    }
  }
  return out;
}

export async function ciCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: withNegativeShards(argv),
    allowPositionals: true,
    strict: true,
    options: {
      versions: { type: "string" },
      kernels: { type: "string" },
      scenarios: { type: "string" },
      shards: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(`${CI_USAGE}\n`);
    return 0;
  }
  const [target, ...extra] = positionals;
  if (target !== "github" || extra.length > 0) {
    throw new InputError(`criu-lab ci ${positionals.join(" ") || "(nothing)"}: the one CI it writes for is github`, { hint: "criu-lab ci github [--shards N] (--help for more)" });
  }
  const options = parseCiOptions(values);
  const out = values.out ? resolve(values.out) : join(PROJECT_ROOT, DEFAULT_WORKFLOW_PATH);
  await writeFileAtomic(out, githubWorkflowYaml(options));
  const shown = relative(process.cwd(), out);
  process.stdout.write(`wrote ${shown.startsWith("..") || isAbsolute(shown) ? out : shown}: gate, ${options.shards} shard(s), merge, compare, all-done\n`);
  return 0;
}
