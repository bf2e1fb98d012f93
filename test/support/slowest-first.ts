// The order test files start in. With an earlier run on this host, vitest's own (its cache: failed
// first, then longest). A fresh host (CI's clean machine) has none, and vitest then starts the
// largest files first, which left bisect.test.ts, the second longest, to start 8.5 minutes in.
import { basename, relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Slowest first, as a cold clean-clone `.ci/run` on this project's machine measured them (2026-12-08). */
const COLD_ORDER = [
  "vm-reuse", // 306 s
  "bisect", // 244 s
  "vm-kernel", // 188 s
  "base-image", // 163 s
  "default-matrix", // 146 s
  "repro", // 97 s
  "ci-gate", // 79 s
  "release-bisect", // 73 s
  "clean-clone", // 66 s
  "html-report", // 47 s
];

function coldRank(spec: TestSpecification): number {
  const i = COLD_ORDER.indexOf(basename(spec.moduleId, ".test.ts"));
  return i < 0 ? COLD_ORDER.length : i;
}

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const measured = files.every((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`));
    const own = await super.sort(files);
    // Array.prototype.sort is stable: among the unranked, vitest's order stays.
    return measured ? own : own.sort((a, b) => coldRank(a) - coldRank(b));
  }
}
