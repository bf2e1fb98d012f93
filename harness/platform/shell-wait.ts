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

const millis = "$(( $(date +%s%N) / 1000000 ))";

export function shellWait(w: ShellWait): string {
  const interval = (w.intervalMs ?? 10) / 1000;
  const unless = w.unless ? `${w.unless}; ` : "";
  return [
    `end=$(( ${millis} + ${Math.round(w.timeoutMs)} ))`,
    `while :; do if ${w.until}; then ${w.then ?? "exit 0"}; fi; ${unless}[ ${millis} -ge $end ] && break; sleep ${interval}; done`,
    `${w.onTimeout ? `${w.onTimeout}; ` : ""}exit ${w.timeoutExit}`,
  ].join("; ");
}

/** "15 s", "500 ms": how a timeout reads in a message. */
export function shownMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
