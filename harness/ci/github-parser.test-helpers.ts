// Test support: reads a workflow the way GitHub does (@actions/workflow-parser) and evaluates its expressions (@actions/expressions).
import { data, Evaluator, Lexer, Parser } from "@actions/expressions";
import {
  convertWorkflowTemplate,
  isBasicExpression,
  isBoolean,
  isMapping,
  isNumber,
  isSequence,
  isString,
  NoOperationTraceWriter,
  parseWorkflow,
} from "@actions/workflow-parser";
import type { TemplateToken } from "@actions/workflow-parser/templates/tokens/template-token";
import type { Job, Step } from "@actions/workflow-parser/model/workflow-template";
import { isJob, isRunStep } from "@actions/workflow-parser/model/type-guards";

export interface ParsedWorkflow {
  /** Every error GitHub's parser collected, as its raw message (no file/line prefix). */
  errors: string[];
  /** The jobs by id, once the workflow converted (empty when it did not). */
  jobs: Map<string, Job>;
  /** The whole file as parsed tokens. */
  root: TemplateToken | undefined;
}

export async function parseWithGitHub(yamlText: string): Promise<ParsedWorkflow> {
  const parsed = parseWorkflow({ name: "criu-lab.yml", content: yamlText }, new NoOperationTraceWriter());
  const template = parsed.value ? await convertWorkflowTemplate(parsed.context, parsed.value) : undefined;
  const jobs = (template?.jobs ?? []).filter(isJob);
  return { errors: parsed.context.errors.getErrors().map((e) => e.rawMessage), jobs: new Map(jobs.map((j) => [j.id.value, j])), root: parsed.value };
}

/** A parsed token as plain data; an expression stays `${{ ... }}` text. */
export function plain(token: TemplateToken): unknown {
  if (isMapping(token)) return Object.fromEntries([...token].map((pair) => [pair.key.toString(), plain(pair.value)]));
  if (isSequence(token)) return [...token].map(plain);
  if (isBasicExpression(token)) return `\${{ ${token.expression} }}`;
  if (isString(token) || isNumber(token) || isBoolean(token)) return token.value;
  return null;
}

export type Context = Record<string, Record<string, string | number>>;

function toData(value: Record<string, string | number>): data.Dictionary {
  return new data.Dictionary(
    ...Object.entries(value).map(([key, v]) => ({ key, value: typeof v === "number" ? new data.NumberData(v) : new data.StringData(v) })),
  );
}

/** A scalar as GitHub would see it at run time: literal text, or its expression evaluated in `context` (e.g. matrix). */
export function evaluate(token: TemplateToken, context: Context = {}): string {
  if (!isBasicExpression(token)) return token.toString();
  const names = Object.keys(context);
  const ast = new Parser(new Lexer(token.expression).lex().tokens, names, []).parse();
  const dict = new data.Dictionary(...names.map((key) => ({ key, value: toData(context[key]!) })));
  return new Evaluator(ast, dict).evaluate().coerceString();
}

/** The run scripts of a job's steps, evaluated. */
export function runScripts(job: Job, context: Context = {}): { step: Step; script: string }[] {
  return job.steps.filter(isRunStep).map((step) => ({ step, script: evaluate(step.run, context) }));
}

/** The criu-lab argv of every `node bin/criu-lab.js ...` line in a script, up to a `||`. */
export function criuLabCalls(script: string): { argv: string[]; asRoot: boolean }[] {
  return script.split("\n").flatMap((line) => {
    const words = line.trim().split(/\s+/);
    const at = words.indexOf("bin/criu-lab.js");
    if (at < 0) return [];
    const end = words.indexOf("||");
    return [{ argv: words.slice(at + 1, end < 0 ? undefined : end), asRoot: words.slice(0, at).join(" ") === 'sudo env "PATH=$PATH" node' }];
  });
}

/** The `uses:` steps of a job with their `with:` inputs as tokens (GitHub's job model keeps no inputs). */
export function actionSteps(parsed: ParsedWorkflow, jobId: string): { uses: string; inputs: Map<string, TemplateToken> }[] {
  const jobs = parsed.root && isMapping(parsed.root) ? parsed.root.find("jobs") : undefined;
  const job = jobs && isMapping(jobs) ? jobs.find(jobId) : undefined;
  const steps = job && isMapping(job) ? job.find("steps") : undefined;
  if (!steps || !isSequence(steps)) return [];
  return [...steps].filter(isMapping).flatMap((step) => {
    const uses = step.find("uses");
    if (!uses) return [];
    const inputs = step.find("with");
    return [{ uses: uses.toString(), inputs: new Map(inputs && isMapping(inputs) ? [...inputs].map((p) => [p.key.toString(), p.value]) : []) }];
  });
}
