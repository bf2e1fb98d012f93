// Live progress for long matrix runs: a line per finished cell, and what is still running.
import type { Reporter, TestCase, TestModule } from "vitest/node";
import type { CellRecord } from "../results/outcome.js";

function label(test: TestCase): string {
  const scenario = test.parent.type === "suite" ? test.parent.name : "?";
  return `${scenario} @ ${test.name.replace(/^criu /, "")}`;
}

export class ProgressReporter implements Reporter {
  private total = 0;
  private done = 0;
  private readonly running = new Map<string, number>();
  private readonly tty = Boolean(process.stderr.isTTY);
  private heartbeat: NodeJS.Timeout | undefined;

  onTestRunStart(): void {
    // Without a terminal, say every 30 s what is still running so CI logs show life.
    if (!this.tty) this.heartbeat = setInterval(() => this.status(true), 30_000).unref();
  }

  onTestModuleCollected(module: TestModule): void {
    this.total += [...module.children.allTests()].length;
    for (const e of module.errors()) this.print(`error in ${module.moduleId}: ${e.message}`);
  }

  onTestCaseReady(test: TestCase): void {
    this.running.set(label(test), Date.now());
    this.status(false);
  }

  onTestCaseResult(test: TestCase): void {
    const name = label(test);
    const started = this.running.get(name) ?? Date.now();
    this.running.delete(name);
    this.done++;
    const cell: CellRecord | undefined = test.meta().cell;
    const outcome = cell?.outcome ?? "harness-error";
    const why = cell && cell.outcome !== "pass" ? `: ${cell.reason}` : "";
    // The cell's own time (not its wait for a slot or a VM); a test without a cell: the wall time.
    const ms = cell?.ms ?? Date.now() - started;
    this.print(`[${this.done}/${this.total}] ${outcome.padEnd(13)} ${name} (${(ms / 1000).toFixed(1)} s)${why}`);
    this.status(false);
  }

  onTestRunEnd(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.tty) process.stderr.write("\r\x1b[K");
  }

  private status(force: boolean): void {
    if (!this.tty && !force) return;
    if (this.running.size === 0) return;
    const names = [...this.running.keys()].join(", ");
    const line = `running ${this.running.size} (${this.done}/${this.total} done): ${names}`;
    if (this.tty) process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns || 120) - 1)}`);
    else process.stderr.write(`criu-lab: ${line}\n`);
  }

  private print(line: string): void {
    process.stderr.write(`${this.tty ? "\r\x1b[K" : ""}criu-lab: ${line}\n`);
  }
}
