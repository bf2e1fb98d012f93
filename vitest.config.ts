// Three projects: unit (pure logic, fakes welcome), integration (real engine, real CRIU), and
// scenarios (the CRIU matrix; run through `criu-lab matrix`, which sets versions and reporters).
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";

const ROOT = fileURLToPath(new URL(".", import.meta.url));

const actionsWithoutSourceMaps: Plugin = {
  name: "actions-without-source-maps",
  load: (id) => (/\/node_modules\/@actions\/.*\.js$/.test(id) ? readFileSync(id, "utf8").replace(/^\/\/# sourceMappingURL=.*$/m, "") : null),
};

export default defineConfig({
  test: {
    projects: [
      {
        // @actions/workflow-parser imports JSON without import attributes, which Node refuses; vite's
        // transform accepts it. Its source maps name sources it does not ship: loaded without them.
        plugins: [actionsWithoutSourceMaps],
        test: {
          name: "unit",
          include: ["harness/**/*.test.ts", "test/unit/**/*.test.ts"],
          server: { deps: { inline: [/@actions\//] } },
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 30 * 60_000,
          hookTimeout: 30 * 60_000,
          // One file at a time: each drives whole matrix runs, and the sweep test must not race another run.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        test: {
          name: "scenarios",
          // A test's own scenarios (CRIU_LAB_SCENARIOS_DIR, faults injected in a temp dir) run too.
          include: [`${relative(ROOT, resolve(process.env.CRIU_LAB_SCENARIOS_DIR ?? join(ROOT, "scenarios")))}/**/*.scenario.ts`],
          globalSetup: ["harness/scenario/global-setup.ts"],
          testTimeout: 10 * 60_000,
          // Every cell of a file may wait for a slot at once; the slots (--parallel) cap the real work.
          maxConcurrency: 32,
          pool: "forks",
        },
      },
    ],
  },
});
