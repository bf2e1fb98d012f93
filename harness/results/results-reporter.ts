// vitest reporter that turns each finished scenario test into a cell of the run's results.
import type { Reporter, TestCase, Vitest } from "vitest/node";
import type { HostError } from "../platform/errors.js";
import type { CellRecord } from "./outcome.js";
import { readRunInfo } from "./run-info.js";
import { RunStore } from "./run-store.js";
import { resultsWriteError } from "./results-write-error.js";

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
  private vitest: Vitest | undefined;
  /** Cells whose record and summaries were written whole. */
  private kept = 0;
  /** The first write that failed (a full disk): the run stops, and the CLI says this in one line. */
  writeError: HostError | undefined;

  constructor(root: string, runId: string) {
    this.store = new RunStore(root, runId);
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestCaseResult(test: TestCase): void {
    const write = async () => {
      if (this.writeError) return;
      this.opened ??= this.store.open();
      await this.opened;
      await this.store.add(test.meta().cell ?? (await cellFromCrash(test, this.store)));
      this.kept++;
    };
    this.writes.push(write().catch((e: unknown) => this.stop(e)));
  }

  async onTestRunEnd(): Promise<void> {
    await Promise.all(this.writes);
    if (this.opened && !this.writeError) await this.store.finish().catch((e: unknown) => this.stop(e));
  }

  /** No cell is worth running when its result cannot be kept. */
  private stop(e: unknown): void {
    if (this.writeError) return;
    this.writeError = resultsWriteError(e, this.store.dir, this.kept);
    void this.vitest?.cancelCurrentRun("test-failure");
  }
}
