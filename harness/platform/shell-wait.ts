// A wait inside a container or guest, written as shell: one number of milliseconds makes both the
// deadline of the loop and the message, and the condition is checked every few milliseconds.
export interface ShellWait {
  /** A shell condition; the wait ends when it succeeds. */
  until: string;
  /** Runs when the condition holds (default `exit 0`). */
  then?: string;
  /** Checked every round too: another way out (a failure marker, an exit code file). */
  unless?: string;
  timeoutMs: number;
  /** Runs when time is up, before exiting with `timeoutExit`. */
  onTimeout?: string;
  timeoutExit: number;
  /** Between two checks; default 10 ms. */
  intervalMs?: number;
}

/**
 * Checks every intervalMs until the deadline. The deadline is read from `date`; should `date` not
 * fork (a program that exhausted the pid limit), a count of rounds (twice the nominal) still ends it.
 */
export function shellWait(w: ShellWait): string {
  const interval = w.intervalMs ?? 10;
  const rounds = 2 * Math.ceil(w.timeoutMs / interval);
  const unless = w.unless ? `${w.unless}; ` : "";
  const late = `if [ -n "$t0" ]; then t=$(date +%s%N 2>/dev/null) && [ $(( (t - t0) / 1000000 )) -ge ${Math.round(w.timeoutMs)} ] && break; fi`;
  return [
    "t0=$(date +%s%N 2>/dev/null); i=0",
    `while :; do if ${w.until}; then ${w.then ?? "exit 0"}; fi; ${unless}i=$((i + 1)); [ $i -ge ${rounds} ] && break; ${late}; sleep ${interval / 1000}; done`,
    `${w.onTimeout ? `${w.onTimeout}; ` : ""}exit ${w.timeoutExit}`,
  ].join("; ");
}

/** "15 s", "500 ms": how a timeout reads in a message. */
export function shownMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
