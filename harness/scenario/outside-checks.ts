// Checks the harness makes from outside the program after a restore (the program checks itself too).

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
