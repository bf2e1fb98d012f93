// A process that takes one of N slots through harness/platform/slot-lock.ts and keeps it until it is
// killed: the other process of the slot tests. argv: DIR N
import { takeSlot } from "../../harness/platform/slot-lock.js";

const [dir, count] = process.argv.slice(2) as [string, string];
const slot = await takeSlot(dir, Number(count));
process.stdout.write(`slot ${slot.index}\n`);
setInterval(() => undefined, 60_000);
