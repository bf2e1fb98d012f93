// Checks the harness makes from outside the program after a restore (the program checks itself too).
import { shellQuote } from "../platform/command-runner.js";
import { TREE_COMMAND, TREE_FILE } from "./plain-program.js";

export interface OutsideCheck {
  /** Shown in results: what is checked. */
  describe: string;
  /** The command to run in the executor for the restored pid. */
  argv(pid: number): string[];
  /** undefined when fine, else why not. */
  verify(output: string): string | undefined;
}

/** Policy and priority as `chrt -p` reports them (it sees SCHED_RESET_ON_FORK, /proc/PID/stat does not). */
export function schedPolicy(policy: string, priority: number): OutsideCheck {
  return {
    describe: `chrt -p shows ${policy} priority ${priority}`,
    argv: (pid) => ["chrt", "-p", String(pid)],
    verify(output) {
      const got = /scheduling policy:\s*(\S+)/.exec(output)?.[1];
      const prio = Number(/scheduling priority:\s*(-?\d+)/.exec(output)?.[1]);
      if (got !== policy) return `chrt says policy ${got ?? "(none)"}, want ${policy}`;
      if (prio !== priority) return `chrt says priority ${prio}, want ${priority}`;
      return undefined;
    },
  };
}

/** Lines of a tree listing ("pid name state"), without the state. */
function processes(lines: readonly string[]): string[] {
  return lines.map((l) => l.trim().split(" ").slice(0, -1).join(" ")).filter(Boolean);
}

/**
 * A plain program's default check: its process tree is there as it was before the first dump: the
 * same pids (as its own pid namespace sees them) with the same names, none stopped or a zombie.
 */
export function sameProcessTree(): OutsideCheck {
  return {
    describe: "the process tree is alive and unchanged since the start (same pids and names, none stopped or a zombie)",
    argv: (pid) => ["sh", "-c", `echo '--- at the start'; cat ${TREE_FILE}; echo '--- now'; ${TREE_COMMAND} ${pid}`],
    verify(output) {
      const [, start = "", now = ""] = output.split(/^--- (?:at the start|now)$/m);
      const was = start.trim().split("\n");
      const is = now.trim().split("\n").filter(Boolean);
      if (is.length === 0) return "no process is left";
      const stuck = is.filter((l) => /\s[ZTt]$/.test(l));
      if (stuck.length > 0) return `stopped or zombie: ${stuck.join(", ")}`;
      if (processes(was).join(", ") !== processes(is).join(", ")) return `the tree changed: at the start ${processes(was).join(", ")}; now ${processes(is).join(", ")}`;
      return undefined;
    },
  };
}

/** `--check CMD`: a shell command with $PID set to a restored root's pid; exit 0 passes, and it gets `timeoutSeconds`. */
export function commandCheck(command: string, timeoutSeconds = 60): OutsideCheck {
  return {
    describe: `\`${command}\` exits 0`,
    argv: (pid) => ["sh", "-c", `PID=${pid}; export PID; timeout -s KILL ${timeoutSeconds} sh -c ${shellQuote(command)}; echo "criu-lab: exit $?"`],
    verify(output) {
      // The shell's own "Killed" notice may land on stderr after our marker, so take the last marker anywhere.
      const code = Number([...output.matchAll(/criu-lab: exit (\d+)/g)].at(-1)?.[1] ?? -1);
      if (code === 0) return undefined;
      const said = output.replace(/criu-lab: exit \d+/g, "").replace(/^\s*Killed\s*$/gm, "").trim().split("\n").slice(-3).join(" ").slice(-200);
      const why = code === 137 ? `did not finish within ${timeoutSeconds} s` : `exited ${code}`;
      return `\`${command}\` ${why}${said ? `: ${said}` : ""}`;
    },
  };
}
