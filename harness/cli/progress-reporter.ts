// Live progress for long matrix runs: a line per finished cell as [k/total], with the failures so
// far and an ETA, and what is still running. The total is known from the start (the planned cells).
import type { Reporter, TestCase, TestModule } from "vitest/node";
import { BAD_OUTCOMES, type CellRecord } from "../results/outcome.js";

function label(test: TestCase): string {
  const scenario = test.parent.type === "suite" ? test.parent.name : "?";
  return `${scenario} @ ${test.name.replace(/^criu /, "")}`;
}

/** "1 min 05 s", "12 s". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s` : `${s} s`;
}

/** Time left: the cells to go at the pace (wall time per finished cell) seen so far. */
export function eta(o: { done: number; total: number; elapsedMs: number }): string {
  if (o.done === 0) return "?";
  return duration(((o.total - o.done) * o.elapsedMs) / o.done);
}

export class ProgressReporter implements Reporter {
  private done = 0;
  private bad = 0;
  /** When the first cell started: the pace of cells excludes the run's preparation. */
  private startedAt: number | undefined;
  private readonly running = new Map<string, number>();
  private readonly tty = Boolean(process.stderr.isTTY);
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly plan: { total: number }) {}

  onTestRunStart(): void {
    // Without a terminal, say every 30 s what is still running so CI logs show life.
    if (!this.tty) this.heartbeat = setInterval(() => this.status(true), 30_000).unref();
  }

  onTestModuleCollected(module: TestModule): void {
    for (const e of module.errors()) this.print(`error in ${module.moduleId}: ${e.message}`);
  }

  onTestCaseReady(test: TestCase): void {
    this.startedAt ??= Date.now();
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
    if (BAD_OUTCOMES.includes(outcome)) this.bad++;
    const why = cell && cell.outcome !== "pass" ? `: ${cell.reason}` : "";
    // The cell's own time (not its wait for a slot or a VM); a test without a cell: the wall time.
    const ms = cell?.ms ?? Date.now() - started;
    const counts = `[${this.done}/${this.plan.total}${this.bad > 0 ? `, ${this.bad} not as expected` : ""}, ETA ${eta({ done: this.done, total: this.plan.total, elapsedMs: Date.now() - (this.startedAt ?? started) })}]`;
    this.print(`${counts} ${outcome.padEnd(13)} ${name} (${(ms / 1000).toFixed(1)} s)${why}`);
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
    const line = `running ${this.running.size} (${this.done}/${this.plan.total} done): ${names}`;
    if (this.tty) process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns || 120) - 1)}`);
    else process.stderr.write(`criu-lab: ${line}\n`);
  }

  private print(line: string): void {
    process.stderr.write(`${this.tty ? "\r\x1b[K" : ""}criu-lab: ${line}\n`);
  }
}
