// Four projects: unit (pure logic, fakes welcome), integration and integration-alone (real engine,
// real CRIU; the second after the first, one file at a time), and
// scenarios (the CRIU matrix; run through `criu-lab matrix`, which sets versions and reporters).
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";
import { cacheDir } from "./harness/platform/cache-dir.js";
import SlowestFirst from "./test/support/slowest-first.js";

const ROOT = fileURLToPath(new URL(".", import.meta.url));

/**
 * Integration files that must have the host to themselves: one kills the Docker engine, one runs gc
 * over the engine's images, one breaks caches on purpose, one counts what two runs at once do, two
 * need a SIGKILLed run's leftovers to be there for the next run to sweep (any run sweeps them), and
 * the fork bomb's message changed once beside another file; two write a scenario into scenarios/
 * for a while, which another run would list (and criu-lab's revision, a digest of it, changes).
 */
const ALONE = [
  "test/integration/faults-engine.test.ts",
  "test/integration/cache-gc.test.ts",
  "test/integration/half-made-caches.test.ts",
  "test/integration/concurrent-runs.test.ts",
  "test/integration/killed-run.test.ts",
  "test/integration/vm-killed-run.test.ts",
  "test/integration/faults-limits.test.ts",
  "test/integration/new-scenario.test.ts",
  "test/integration/repro-save.test.ts",
];

const actionsWithoutSourceMaps: Plugin = {
  name: "actions-without-source-maps",
  load: (id) => (/\/node_modules\/@actions\/.*\.js$/.test(id) ? readFileSync(id, "utf8").replace(/^\/\/# sourceMappingURL=.*$/m, "") : null),
};

export default defineConfig({
  // Kept outside the clone, so a fresh clone on this host still starts the slowest files first.
  cacheDir: cacheDir("vitest"),
  test: {
    // Vitest's default is one fewer than the cores: 1 on a 2-core host. `criu-lab matrix` sets its own.
    maxWorkers: 2,
    // `criu-lab matrix` passes its own (longest scenario first, from the last run's durations).
    sequence: { sequencer: SlowestFirst },
    projects: [
      {
        // @actions/workflow-parser imports JSON without import attributes, which Node refuses; vite's
        // transform accepts it. Its source maps name sources it does not ship: loaded without them.
        plugins: [actionsWithoutSourceMaps],
        test: {
          name: "unit",
          include: ["harness/**/*.test.ts", "test/unit/**/*.test.ts"],
          sequence: { groupOrder: 1 },
          server: { deps: { inline: [/@actions\//] } },
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          exclude: ALONE,
          testTimeout: 30 * 60_000,
          hookTimeout: 30 * 60_000,
          // Two files at a time (maxWorkers above): cells of both share the host-wide slots
          // (--parallel), so they never oversubscribe the cores, and one file's builds, boots and
          // waits fill the other's gaps.
          pool: "forks",
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: "integration-alone",
          include: ALONE,
          testTimeout: 30 * 60_000,
          hookTimeout: 30 * 60_000,
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          // After the rest, one file at a time: each kills or sweeps what another run would be using.
          sequence: { groupOrder: 2 },
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
