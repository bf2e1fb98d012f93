// The committed .github/workflows/criu-lab.yml is what `criu-lab ci github` writes with its defaults, so it cannot go stale.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { file } from "tmp-promise";
import { expect, test, vi } from "vitest";
import { DEFAULT_WORKFLOW_PATH } from "../../harness/ci/workflow-options.js";
import { ciCommand } from "../../harness/cli/ci-command.js";
import { PROJECT_ROOT } from "../../harness/scenario/programs-dir.js";

test(`${DEFAULT_WORKFLOW_PATH} equals what \`criu-lab ci github\` writes`, async () => {
  const out = await file({ postfix: ".yml" });
  vi.spyOn(process.stdout, "write").mockReturnValue(true); // its "wrote ..." line
  try {
    expect(await ciCommand(["github", "--out", out.path])).toBe(0);
    const committed = await readFile(join(PROJECT_ROOT, DEFAULT_WORKFLOW_PATH), "utf8");
    // On a difference: run `node bin/criu-lab.js ci github` and commit the file.
    expect(committed).toBe(await readFile(out.path, "utf8"));
  } finally {
    vi.restoreAllMocks();
    await out.cleanup();
  }
});
