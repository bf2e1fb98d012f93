// Programs that do not follow criu_lab.h (criu-lab repro runs users' programs as they are): the
// harness notes the pid as the program starts, lets it settle, and records its process tree, which
// the sameProcessTree outside check compares after every restore.
import { shellLine } from "../platform/command-runner.js";
import { BIN_DIR, STATE_DIR } from "./cell-state.js";

/** The tree of the program as it was before the first dump: "pid comm state" per process. */
export const TREE_FILE = `${STATE_DIR}/tree.start`;
/** Prints a tree like that for the pid given (written into the executor at start; /work moves with migrate). */
export const TREE_COMMAND = `${BIN_DIR}/criu-lab-tree`;

/** Exit code of the start step when the program is gone before the first dump. */
export const EXITED_EARLY = 5;

/**
 * The process tree rooted at pid $1, one line per process: its pid as its own pid namespace sees it
 * (after a criu-ns restore, the pid CRIU restored), its name, and its state letter.
 */
const TREE_SCRIPT = `#!/bin/sh
ps -e -o pid=,ppid=,stat=,comm= | awk -v root="$1" '
    { pid[NR] = $1; ppid[NR] = $2; st[NR] = $3; $1 = $2 = $3 = ""; sub(/^ +/, ""); comm[NR] = $0 }
    END {
      keep[root] = 1
      do { grew = 0; for (i = 1; i <= NR; i++) if (!(pid[i] in keep) && (ppid[i] in keep)) { keep[pid[i]] = 1; grew = 1 } } while (grew)
      for (i = 1; i <= NR; i++) if (pid[i] in keep) {
        inner = pid[i]; f = "/proc/" pid[i] "/status"
        while ((getline line < f) > 0) if (line ~ /^NSpid:/) { n = split(line, a, /[ \\t]+/); inner = a[n] }
        close(f)
        print inner, comm[i], substr(st[i], 1, 1)
      }
    }' | sort -n
`;

/** Runs `program` (no arguments) after writing the pid it will have into ./pid: exec keeps the pid. */
export function pidNotingLaunch(program: string): string {
  return shellLine(["sh", "-c", 'echo $$ > pid.tmp && mv pid.tmp pid && exec "$0"', program]);
}

/** In STATE_DIR once the program runs: wait for its pid, let it settle, fail if it is gone, record its tree. */
export function settleScript(settleMs: number): string {
  const seconds = (settleMs / 1000).toFixed(3);
  return [
    `mkdir -p ${BIN_DIR} && cat > ${TREE_COMMAND} <<'CRIU_LAB_EOF' && chmod 755 ${TREE_COMMAND}`,
    TREE_SCRIPT,
    "CRIU_LAB_EOF",
    "for i in $(seq 100); do [ -f pid ] && break; sleep 0.05; done",
    `[ -f pid ] || { echo "the program never started"; tail -c 300 output; exit 3; }`,
    `p=$(cat pid); sleep ${seconds}`,
    `if ! kill -0 "$p" 2>/dev/null || [ "$(ps -o stat= -p "$p" | cut -c1)" = Z ]; then echo "the program exited within ${seconds} s of its start, before any dump; its output: $(tail -c 300 output)"; exit ${EXITED_EARLY}; fi`,
    `${TREE_COMMAND} "$p" > ${TREE_FILE}`,
    'echo "$p"',
  ].join("\n");
}
