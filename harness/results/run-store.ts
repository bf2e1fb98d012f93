// The results directory of one run: a JSON per cell, and summary.json/.md, junit.xml and index.html
// rewritten whole after every cell, so an interrupted run leaves complete files for the cells done so far.
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { replaceSymlink, writeFileAtomic } from "../platform/atomic-write.js";
import { renderRunReport } from "./html/run-report.js";
import { renderJunit } from "./junit.js";
import { cellId, type CellRecord } from "./outcome.js";
import { renderPerfTable } from "./perf-table.js";
import { readRunInfo } from "./run-info.js";
import { renderSummaryMd } from "./summary-md.js";

export function defaultResultsRoot(): string {
  return resolve(process.env.CRIU_LAB_RESULTS_DIR ?? "results");
}

export function runDirOf(root: string, runId: string): string {
  return join(root, runId);
}

/** perf.md: the performance scenarios' table, first and second dump/restore of each cell. */
function perfMd(runId: string, cells: readonly CellRecord[], complete: boolean): string {
  const note = "Median (min–max) over the runs of each cell (`runs`); times are CRIU's own stats (frozen_time, restore_time).";
  return [`# criu-lab run ${runId}: performance${complete ? "" : " (in progress or interrupted)"}`, "", note, "",
    "## First dump and restore", "", renderPerfTable(cells), "## Re-dump and re-restore (of the restored process)", "", renderPerfTable(cells, { cycle: 2 })].join("\n");
}

export class RunStore {
  private readonly cells = new Map<string, CellRecord>();
  private queue: Promise<void> = Promise.resolve();
  readonly dir: string;

  constructor(
    readonly root: string,
    readonly runId: string,
  ) {
    this.dir = runDirOf(root, runId);
  }

  async open(): Promise<void> {
    await mkdir(join(this.dir, "cells"), { recursive: true });
    await replaceSymlink(this.runId, join(this.root, "latest"));
  }

  /** Serialised: reporters call this from concurrent callbacks. */
  add(cell: CellRecord): Promise<void> {
    this.cells.set(cellId(cell), cell);
    return this.enqueue(async () => {
      await writeFileAtomic(join(this.dir, "cells", `${cellId(cell)}.json`), `${JSON.stringify(cell, null, 2)}\n`);
      await this.writeSummaries(false);
    });
  }

  /** Many cells at once (a merge): each cell file, then the summaries once. */
  addMany(cells: readonly CellRecord[]): Promise<void> {
    for (const cell of cells) this.cells.set(cellId(cell), cell);
    return this.enqueue(async () => {
      for (const cell of cells) await writeFileAtomic(join(this.dir, "cells", `${cellId(cell)}.json`), `${JSON.stringify(cell, null, 2)}\n`);
      await this.writeSummaries(false);
    });
  }

  finish(): Promise<void> {
    return this.enqueue(() => this.writeSummaries(true));
  }

  list(): CellRecord[] {
    return [...this.cells.values()];
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(work, work);
    return this.queue;
  }

  private async writeSummaries(complete: boolean): Promise<void> {
    const info = await readRunInfo(this.dir, this.runId);
    const cells = this.list().sort((a, b) => cellId(a).localeCompare(cellId(b)));
    const summary = {
      ...info,
      complete,
      updatedAt: new Date().toISOString(),
      cells: cells.map(({ steps, ...c }) => ({ ...c, steps: steps.map(({ name, exitCode, ms, stats }) => ({ name, exitCode, ms, ...(stats ? { stats } : {}) })) })),
    };
    await writeFileAtomic(join(this.dir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
    await writeFileAtomic(join(this.dir, "summary.md"), renderSummaryMd(info, cells, complete));
    await writeFileAtomic(join(this.dir, "junit.xml"), renderJunit(this.runId, cells));
    await writeFileAtomic(join(this.dir, "index.html"), renderRunReport(info, cells, complete));
    const measured = cells.filter((c) => c.measured);
    if (measured.length > 0) await writeFileAtomic(join(this.dir, "perf.md"), perfMd(info.runId, measured, complete));
  }
}
