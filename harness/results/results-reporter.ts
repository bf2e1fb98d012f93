// vitest reporter that turns each finished scenario test into a cell of the run's results.
import type { Reporter, TestCase } from "vitest/node";
import type { CellRecord } from "./outcome.js";
import { readRunInfo } from "./run-info.js";
import { RunStore } from "./run-store.js";

/** A test that died before producing its cell (a harness crash) still gets a record. */
async function cellFromCrash(test: TestCase, store: RunStore): Promise<CellRecord> {
  const info = await readRunInfo(store.dir, store.runId);
  const result = test.result();
  const message = result.state === "failed" ? (result.errors[0]?.message ?? "unknown error") : `test ended ${result.state}`;
  const scenario = test.parent.type === "suite" ? test.parent.name : test.module.moduleId;
  return {
    scenario,
    criuVersion: test.name.replace(/^criu /, "").replace(/ on .*$/, ""),
    kernelName: / on (\S+)$/.exec(test.name)?.[1] ?? "host",
    kernel: info.kernel,
    executor: / on (\S+)$/.test(test.name) ? "vm" : "container",
    outcome: "harness-error",
    reason: message.split("\n")[0] ?? message,
    expectation: { outcome: "pass", range: "*" },
    steps: [],
    ms: test.diagnostic()?.duration ?? 0,
    startedAt: new Date().toISOString(),
  };
}

export class ResultsReporter implements Reporter {
  readonly store: RunStore;
  private opened: Promise<void> | undefined;
  private readonly writes: Promise<void>[] = [];

  constructor(root: string, runId: string) {
    this.store = new RunStore(root, runId);
  }

  onTestCaseResult(test: TestCase): void {
    const write = async () => {
      this.opened ??= this.store.open();
      await this.opened;
      await this.store.add(test.meta().cell ?? (await cellFromCrash(test, this.store)));
    };
    this.writes.push(write());
  }

  async onTestRunEnd(): Promise<void> {
    await Promise.all(this.writes);
    if (this.opened) await this.store.finish();
  }
}
