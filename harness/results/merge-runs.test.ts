import { describe, expect, test } from "vitest";
import { checkDisjoint, checkShards, type ShardRun } from "./merge-runs.js";
import type { CellRecord } from "./outcome.js";
import type { MatrixInfo } from "./run-info.js";

const matrix: MatrixInfo = { versions: ["4.1.1", "4.2.1"], kernels: ["host"], scenarios: ["s"], revision: "r1", repeat: 1, cells: ["s@4.1.1", "s@4.2.1"] };

function cell(version: string): CellRecord {
  return { scenario: "s", criuVersion: version, kernelName: "host", kernel: "6.18", executor: "container", outcome: "pass", reason: "", expectation: { outcome: "pass", range: "*" }, steps: [], ms: 1, startedAt: "" };
}

function shard(index: number, versions: string[], patch: Partial<MatrixInfo> = {}, count = 2): ShardRun {
  const cells = versions.map(cell);
  return {
    dir: `/r/shard${index}${patch.revision ?? ""}`,
    info: { runId: `run${index}`, startedAt: "t", kernel: "6.18", engine: "20.10", securityProfile: "p", matrix: { ...matrix, ...patch }, shard: { index, count, cells: versions.map((v) => `s@${v}`) } },
    cells,
  };
}

describe("merge refuses, in one line naming them", () => {
  test.each<[string, ShardRun[], RegExp]>([
    ["shards of different criu-lab revisions", [shard(1, ["4.1.1"]), shard(2, ["4.2.1"], { revision: "r2" })], /shard1 and shard2r2 are shards of different plans: criu-lab revision r1 vs r2/],
    ["shards of different versions", [shard(1, ["4.1.1"]), shard(2, ["4.2.1"], { versions: ["4.2.1"] })], /different plans: versions 4.1.1,4.2.1 vs 4.2.1/],
    ["shards of different kernels", [shard(1, ["4.1.1"]), shard(2, ["4.2.1"], { kernels: ["debian:6.1"] })], /different plans: kernels host vs debian:6.1/],
    ["shards of different scenarios", [shard(1, ["4.1.1"]), shard(2, ["4.2.1"], { scenarios: ["t"] })], /different plans: scenarios s vs t/],
    ["a missing shard", [shard(1, ["4.1.1"])], /shard 2\/2 is missing/],
    ["a doubled shard", [shard(1, ["4.1.1"]), shard(1, ["4.1.1"]), shard(2, ["4.2.1"])], /shard 1\/2 is given twice: shard1, shard1/],
    ["shards of different splits", [shard(1, ["4.1.1"]), shard(2, ["4.2.1"], {}, 3)], /shard1 is a shard of 2, shard2 of 3/],
    ["a doubled cell", [shard(1, ["4.1.1"]), shard(2, ["4.1.1", "4.2.1"])], /cell s@4.1.1 is in both shard1 and shard2/],
    ["a missing cell (an interrupted shard)", [shard(1, ["4.1.1"]), shard(2, [])], /1 cell\(s\) of the matrix are in no shard: s@4.2.1/],
    ["a run made without --shard", [{ ...shard(1, ["4.1.1"]), info: { ...shard(1, ["4.1.1"]).info, shard: undefined } }], /shard1 is not a shard run/],
  ])("%s", (_, shards, message) => {
    expect(() => checkShards(shards)).toThrow(message);
  });

  test("and takes shards that fit", () => {
    expect(() => checkShards([shard(2, ["4.2.1"]), shard(1, ["4.1.1"])])).not.toThrow();
  });
});

describe("merge --runs", () => {
  test("takes runs of different plans whose cells do not overlap, and refuses a cell in two", () => {
    const a = shard(1, ["4.1.1"], { versions: ["4.1.1"] });
    const b = shard(2, ["4.2.1"], { versions: ["4.2.1"], revision: "r2" });
    expect(() => checkDisjoint([a, b])).not.toThrow();
    expect(() => checkDisjoint([a, shard(2, ["4.1.1"])])).toThrow(/cell s@4.1.1 is in both shard1 and shard2/);
  });
});
