// A process that takes a lock through harness/platform/file-lock.ts: the other process of the
// cross-process lock tests. argv: PATH shared|exclusive life|scoped|brief [LOG]
// life/scoped hold until killed; brief logs "<pid> in" and "<pid> out" around 100 ms in it, then exits.
import { appendFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { holdUntilExit, lockFile } from "../../harness/platform/file-lock.js";

const [path, mode, how, logFile] = process.argv.slice(2) as [string, "shared" | "exclusive", string, string | undefined];
if (how === "brief") {
  process.stdout.write("waiting\n");
  const held = await lockFile(path, { mode });
  appendFileSync(logFile!, `${process.pid} in\n`);
  await sleep(100);
  appendFileSync(logFile!, `${process.pid} out\n`);
  await held.release();
  process.exit(0);
}
if (how === "life") await holdUntilExit(path, { mode });
else await lockFile(path, { mode });
process.stdout.write("locked\n");
// Stay alive (and holding) until killed.
setInterval(() => undefined, 60_000);
