// CRIU's stats images (stats-dump, stats-restore): the schema declared here with protobufjs, and a decoder.
import protobuf from "protobufjs";

/** Every image that is not a "common" image starts with this (criu/include/magic.h, IMG_SERVICE_MAGIC). */
export const SERVICE_MAGIC = 0x55105940;
/** The stats image's own magic (criu/include/magic.h, STATS_MAGIC). */
export const STATS_MAGIC = 0x57093306;

type Rule = "required" | "optional";
type FieldSpec = readonly [name: string, id: number, type: "uint32" | "uint64", rule: Rule];

/**
 * The fields of images/stats.proto in CRIU's tree (proto2), unchanged from v3.14 to v4.2 but for the
 * licence header. Times are microseconds; pages are 4 KiB pages.
 */
export const DUMP_FIELDS: readonly FieldSpec[] = [
  ["freezing_time", 1, "uint32", "required"],
  ["frozen_time", 2, "uint32", "required"],
  ["memdump_time", 3, "uint32", "required"],
  ["memwrite_time", 4, "uint32", "required"],
  ["pages_scanned", 5, "uint64", "required"],
  ["pages_skipped_parent", 6, "uint64", "required"],
  ["pages_written", 7, "uint64", "required"],
  ["irmap_resolve", 8, "uint32", "optional"],
  ["pages_lazy", 9, "uint64", "required"],
  ["page_pipes", 10, "uint64", "optional"],
  ["page_pipe_bufs", 11, "uint64", "optional"],
  ["shpages_scanned", 12, "uint64", "optional"],
  ["shpages_skipped_parent", 13, "uint64", "optional"],
  ["shpages_written", 14, "uint64", "optional"],
];

export const RESTORE_FIELDS: readonly FieldSpec[] = [
  ["pages_compared", 1, "uint64", "required"],
  ["pages_skipped_cow", 2, "uint64", "required"],
  ["forking_time", 3, "uint32", "required"],
  ["restore_time", 4, "uint32", "required"],
  ["pages_restored", 5, "uint64", "optional"],
];

function messageType(name: string, fields: readonly FieldSpec[]): protobuf.Type {
  const type = new protobuf.Type(name);
  for (const [field, id, kind, rule] of fields) type.add(new protobuf.Field(field, id, kind, rule));
  return type;
}

const root = new protobuf.Root()
  .add(messageType("dump_stats_entry", DUMP_FIELDS))
  .add(messageType("restore_stats_entry", RESTORE_FIELDS))
  .add(new protobuf.Type("stats_entry").add(new protobuf.Field("dump", 1, "dump_stats_entry", "optional")).add(new protobuf.Field("restore", 2, "restore_stats_entry", "optional")));
// Without it protobufjs (7.5+, editions) leaves `required` unresolved and decodes a short message silently.
root.resolveAll();

/** stats_entry { optional dump_stats_entry dump = 1; optional restore_stats_entry restore = 2; } */
export const STATS_ENTRY = root.lookupType("stats_entry");

export type StatsFields = Record<string, number>;

export interface StatsEntry {
  dump?: StatsFields;
  restore?: StatsFields;
}

/** Decodes a whole stats image; throws with what is wrong (magic, length, message). */
export function decodeStatsImage(bytes: Uint8Array): StatsEntry {
  if (bytes.length < 12) throw new Error(`a stats image is at least 12 bytes, this one has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const service = view.getUint32(0, true);
  const magic = view.getUint32(4, true);
  if (service !== SERVICE_MAGIC || magic !== STATS_MAGIC) {
    throw new Error(`not a stats image: magic ${hex(service)} ${hex(magic)}, want ${hex(SERVICE_MAGIC)} ${hex(STATS_MAGIC)}`);
  }
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) throw new Error(`the stats message says ${length} bytes, the image holds ${bytes.length - 12}`);
  const message = STATS_ENTRY.decode(bytes.subarray(12, 12 + length));
  return STATS_ENTRY.toObject(message, { longs: Number }) as StatsEntry;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}
