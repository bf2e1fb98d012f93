// A 256 MiB private anonymous region, every page dirtied with a pattern from its page index; after
// restore and re-restore every word of every page is checked. Large dumps exercise the page-pipe
// batching and page-transfer paths that small ZDTM tests do not (ZDTM's maps04 is the closest).
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "large-dirty-region",
  summary: "a fully dirtied 256 MiB anonymous region keeps every page's contents across dump/restore",
  program: "large_dirty_region",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [{ criu: ">=3.0.0", outcome: "pass" }],
});

await testScenario(scenario);
