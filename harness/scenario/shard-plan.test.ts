import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { matrixCells, type PlannedCell } from "./matrix-cells.js";
import { assignShards, shardCells } from "./shard-plan.js";

const scenarios = ["a", "b", "c", "cross"].map((name) => ({ name, crossVersion: name === "cross" }));
const cells = matrixCells(scenarios, { versions: ["3.17.1", "4.1.1", "4.2.1"], kernels: ["host", "debian:6.1"] });

const cellList = fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}@[0-9.]{1,5}$/), { minLength: 0, maxLength: 60 })
  .map((ids) => ids.map((id): PlannedCell => ({ id, scenario: id.split("@")[0]!, version: id.split("@")[1]!, kernel: "host" })));

describe("shards", () => {
  test("are disjoint, complete and the same every time (any cells, any count, any durations)", () => {
    fc.assert(fc.property(cellList, fc.integer({ min: 1, max: 8 }), fc.array(fc.nat(10_000)), (list, count, times) => {
      const durations = new Map(list.map((c, i) => [c.id, times[i] ?? 0]));
      const parts = Array.from({ length: count }, (_, i) => shardCells(list, { index: i + 1, count }, durations).map((c) => c.id));
      expect(parts.flat().sort()).toEqual(list.map((c) => c.id).sort());
      expect(new Set(parts.flat()).size).toBe(list.length);
      expect(parts).toEqual(Array.from({ length: count }, (_, i) => shardCells(list, { index: i + 1, count }, durations).map((c) => c.id)));
    }));
  });

  test("split cells, not files: every scenario of the matrix is in both of 2 shards", () => {
    const [one, two] = [1, 2].map((index) => new Set(shardCells(cells, { index, count: 2 }).map((c) => c.scenario)));
    expect([...one!].sort()).toEqual(["a", "b", "c", "cross"]);
    expect([...two!].sort()).toEqual(["a", "b", "c", "cross"]);
  });

  test("by count, shard sizes differ by at most one", () => {
    for (const count of [2, 3, 4, 5]) {
      const sizes = Array.from({ length: count }, (_, i) => shardCells(cells, { index: i + 1, count }).length);
      expect(Math.max(...sizes) - Math.min(...sizes), `${count} shards: ${sizes}`).toBeLessThanOrEqual(1);
    }
  });

  test("by earlier durations, the long cells are spread and the loads are close", () => {
    // Two slow cells and many quick ones: counting cells would put both slow ones together half the time.
    const durations = new Map(cells.map((c, i) => [c.id, i < 2 ? 60_000 : 1_000]));
    const assigned = assignShards(cells, 2, durations);
    expect(assigned.get(cells[0]!.id)).not.toBe(assigned.get(cells[1]!.id));
    const load = [1, 2].map((s) => cells.filter((c) => assigned.get(c.id) === s).reduce((t, c) => t + durations.get(c.id)!, 0));
    expect(Math.max(...load) / Math.min(...load)).toBeLessThan(1.1);
  });

  test("a cell the earlier run lacked weighs the median of the others", () => {
    const durations = new Map(cells.slice(1).map((c) => [c.id, 500]));
    expect(assignShards(cells, 2, durations).size).toBe(cells.length);
  });
});
