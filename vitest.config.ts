// Three projects: unit (pure logic, fakes welcome), integration (real engine, real CRIU), and
// scenarios (the CRIU matrix; run through `criu-lab matrix`, which sets versions and reporters).
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["harness/**/*.test.ts", "test/unit/**/*.test.ts"] } },
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
          // CRIU_LAB_SCENARIOS_DIR (tests) points the matrix at scenario files outside the project.
          dir: process.env.CRIU_LAB_SCENARIOS_DIR ?? "scenarios",
          include: ["**/*.scenario.ts"],
          globalSetup: ["harness/scenario/global-setup.ts"],
          testTimeout: 10 * 60_000,
          maxConcurrency: availableParallelism(),
          pool: "forks",
        },
      },
    ],
  },
});
