import protobuf from "protobufjs";
import { describe, expect, test } from "vitest";
import { SERVICE_MAGIC, STATS_ENTRY, STATS_MAGIC, decodeStatsImage, type StatsEntry } from "./criu-stats.js";

/** The layout CRIU writes: service magic, stats magic, uint32 length, message (all little-endian). */
function statsImage(entry: StatsEntry | Uint8Array, magics: [number, number] = [SERVICE_MAGIC, STATS_MAGIC]): Uint8Array {
  const message = entry instanceof Uint8Array ? entry : STATS_ENTRY.encode(STATS_ENTRY.fromObject(entry)).finish();
  const out = new Uint8Array(12 + message.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magics[0], true);
  view.setUint32(4, magics[1], true);
  view.setUint32(8, message.length, true);
  out.set(message, 12);
  return out;
}

const DUMP = {
  freezing_time: 1234,
  frozen_time: 56789,
  memdump_time: 4321,
  memwrite_time: 40000,
  pages_scanned: 131_072,
  pages_skipped_parent: 0,
  pages_written: 131_000,
  irmap_resolve: 0,
  pages_lazy: 0,
  page_pipes: 2,
  page_pipe_bufs: 17,
  shpages_scanned: 0,
  shpages_skipped_parent: 0,
  shpages_written: 0,
};

describe("decodeStatsImage", () => {
  test("a dump entry: every field, by name", () => {
    expect(decodeStatsImage(statsImage({ dump: DUMP }))).toEqual({ dump: DUMP });
  });

  test("a restore entry; optional fields absent stay absent (never zero)", () => {
    const restore = { pages_compared: 0, pages_skipped_cow: 3, forking_time: 900, restore_time: 25_000 };
    const decoded = decodeStatsImage(statsImage({ restore }));
    expect(decoded).toEqual({ restore });
    expect(decoded.restore).not.toHaveProperty("pages_restored");
  });

  test("uint64 counts beyond 2^32 come out as numbers", () => {
    const dump = { ...DUMP, pages_scanned: 2 ** 40 + 7 };
    expect(decodeStatsImage(statsImage({ dump })).dump?.pages_scanned).toBe(2 ** 40 + 7);
  });

  test("a wrong magic, a short file and a length past the end are errors that say so", () => {
    expect(() => decodeStatsImage(statsImage({ dump: DUMP }, [0x54564319, STATS_MAGIC]))).toThrow(/not a stats image: magic 0x54564319/);
    expect(() => decodeStatsImage(new Uint8Array(8))).toThrow(/at least 12 bytes/);
    const cut = statsImage({ dump: DUMP }).subarray(0, 20);
    expect(() => decodeStatsImage(cut)).toThrow(/says \d+ bytes, the image holds 8/);
  });

  test("a required field missing from the message is an error", () => {
    // stats_entry.dump (field 1, length-delimited) holding only freezing_time (field 1, varint).
    const partial = protobuf.Writer.create().uint32((1 << 3) | 2).fork().uint32((1 << 3) | 0).uint32(1).ldelim().finish();
    expect(() => decodeStatsImage(statsImage(partial))).toThrow(/missing required 'frozen_time'/);
  });
});
