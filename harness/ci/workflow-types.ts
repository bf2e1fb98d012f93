// The part of GitHub Actions' workflow syntax criu-lab writes, typed, so a misspelt key is a compile error.

/** `${{ ... }}`: evaluated by GitHub when the job or step runs. */
export type Expression = `\${{ ${string} }}`;

export function expr(text: string): Expression {
  return `\${{ ${text} }}`;
}

export type PermissionLevel = "read" | "write" | "none";
export type Permissions = Partial<Record<"contents" | "checks" | "actions" | "pull-requests", PermissionLevel>>;

interface StepBase {
  name: string;
  id?: string;
  if?: Expression;
  env?: Record<string, string>;
}

/** A shell script (bash -e on GitHub's Ubuntu runners). */
export interface RunStep extends StepBase {
  run: string;
}

/** An action, pinned to a major version tag (`actions/checkout@v4`). */
export interface UsesStep extends StepBase {
  uses: `${string}/${string}@v${number}`;
  with?: Record<string, string | number | boolean>;
}

export type Step = RunStep | UsesStep;

export interface Job {
  name: string;
  "runs-on": string;
  needs?: string[];
  if?: Expression;
  permissions?: Permissions;
  "timeout-minutes": number;
  strategy?: { "fail-fast": boolean; matrix: Record<string, readonly (string | number)[]> };
  steps: Step[];
}

export interface Workflow {
  name: string;
  on: {
    push?: { branches: string[] };
    pull_request?: Record<string, never>;
    workflow_dispatch?: Record<string, never>;
  };
  permissions: Permissions;
  concurrency: { group: string; "cancel-in-progress": boolean | Expression };
  jobs: Record<string, Job>;
}
