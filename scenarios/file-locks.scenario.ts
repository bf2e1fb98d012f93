// flock(LOCK_EX), a POSIX F_SETLK write lock on bytes 10..29 and an OFD F_OFD_SETLK write lock on bytes 5..14,
// each on its own file in the state dir. CRIU refuses to dump a process holding file locks unless told
// --file-locks; at restore the same option makes it re-take them (criu/file-lock.c, prepare_file_locks()
// returns early without opts.handle_file_locks), so it goes on both dump and restore.
// The program checks with a forked helper that must be refused each lock; the outside check reads the
// lock lines of /proc/<pid>/fdinfo (the POSIX lock must name the restored pid as its owner).
import { defineScenario } from "../harness/scenario/define-scenario.js";
import type { OutsideCheck } from "../harness/scenario/outside-checks.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

const locksInFdinfo: OutsideCheck = {
  describe: "/proc/<pid>/fdinfo shows the FLOCK, POSIX (bytes 10-29) and OFDLCK (bytes 5-14) write locks",
  argv: (pid) => ["sh", "-c", `echo pid=${pid}; grep -h '^lock:' /proc/${pid}/fdinfo/*; true`],
  verify(output) {
    const pid = /pid=(\d+)/.exec(output)?.[1];
    const wanted: [string, RegExp][] = [
      ["FLOCK WRITE whole file", /FLOCK\s+ADVISORY\s+WRITE\s+\d+\s+\S+\s+0\s+EOF/],
      [`POSIX WRITE 10-29 owned by ${pid}`, new RegExp(`POSIX\\s+ADVISORY\\s+WRITE\\s+${pid}\\s+\\S+\\s+10\\s+29`)],
      ["OFDLCK WRITE 5-14", /OFDLCK\s+ADVISORY\s+WRITE\s+-1\s+\S+\s+5\s+14/],
    ];
    const missing = wanted.filter(([, re]) => !re.test(output)).map(([what]) => what);
    return missing.length ? `no ${missing.join(", ")} lock in: ${output.trim().split("\n").slice(1).join(" | ") || "(no lock lines)"}` : undefined;
  },
};

export const scenario = defineScenario({
  name: "file-locks",
  summary: "flock, POSIX and OFD write locks are held again after restore (with --file-locks)",
  program: "file_locks",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  // Without it dump fails ("Some file locks are hold by dumping tasks! You can try --file-locks"); restore needs it to re-take them.
  dumpArgs: ["--file-locks"],
  restoreArgs: ["--file-locks"],
  outsideChecks: [locksInFdinfo],
  expectations: [{ criu: ">=3.0.0", outcome: "pass" }],
});

await testScenario(scenario);
