// The scenario steps: start, check, exec and migrate here; dump and restore in criu-steps.ts.
import { dir as tmpDir } from "tmp-promise";
import { runBounded, timedOutText } from "../platform/bounded-command.js";
import { shellLine } from "../platform/command-runner.js";
import { shellWait, shownMs } from "../platform/shell-wait.js";
import { Criu } from "../criu/criu-command.js";
import { LOG_DIR, STATE_DIR, programPath, timed, type CellState, type StepResult } from "./cell-state.js";
import { clone, dump, restore } from "./criu-steps.js";
import { EXITED_EARLY, pidNotingLaunch, settleScript } from "./plain-program.js";
import { stepSpec, type Step, type StepKind } from "./define-scenario.js";

/** dump, re-dump, dump-3 ... : the names people use for the n-th time a step runs. */
export function stepName(kind: StepKind, n: number): string {
  if (n === 1) return kind;
  if (n === 2) return `re-${kind}`;
  return `${kind}-${n}`;
}

/** A program says ready (writes its pid) within this, or the cell is a harness error. */
const READY_TIMEOUT_MS = 15_000;
/**
 * dash's words when it cannot fork (it then exits 2). A program holding the container's pid limit (a
 * fork bomb, before it kills its bomb and says why) can leave the harness's waiting shell so.
 */
const SHELL_COULD_NOT_FORK = /^sh: \d+: Cannot fork$/m;
/** How often the wait is asked again after that: each ask is one process, when one can start. */
const FORK_RETRIES = 5;
/** Every live copy answers a SIGUSR1 with its verdict within this. */
const VERDICT_TIMEOUT_MS = 10_000;

function start(s: CellState, name: string): Promise<StepResult> {
  const plain = s.scenario.plainProgram;
  // A plain program gets no arguments, and the harness notes its pid (it writes none).
  const prog = plain ? pidNotingLaunch(programPath(s)) : `${programPath(s)} ${STATE_DIR}`;
  // Its own session, stdio away from docker exec; or, for a shell job, a job of a shell on a pty.
  const launch = s.scenario.criu?.shellJob
    ? `(sleep infinity </dev/null 2>/dev/null | script -qfec ${shellLine([`sh -c ${shellLine([`${prog}; :`])}`])} /dev/null > ${STATE_DIR}/output 2>&1 &)`
    : `(setsid ${prog} </dev/null >${STATE_DIR}/output 2>&1 & echo $! > launched)`;
  // A program that dies before it says ready (killed, crashed) is reported at once, not at the deadline.
  // Builtins only (read, kill, echo): a program that exhausts the pid limit must not make these
  // checks fail; its zombies may still hold the limit when it writes setup-failed.
  const died = `[ -f launched ] && read L < launched && ! kill -0 "$L" 2>/dev/null && { [ -f pid ] && exec cat pid; echo "the program exited before it said ready: $(tail -c 300 output)"; exit 4; }`;
  const wait = plain
    ? settleScript(plain.settleMs)
    : shellWait({ until: "[ -f pid ]", then: "exec cat pid", unless: `[ -f setup-failed ] && { IFS= read -r why < setup-failed; echo "$why"; exit 2; }; ${died}`, timeoutMs: READY_TIMEOUT_MS, onTimeout: "cat output", timeoutExit: 3 });
  return timed(name, async () => {
    let r = await s.executor.run(["sh", "-c", `mkdir -p ${STATE_DIR} && cd ${STATE_DIR} && ${launch} && ${wait}`]);
    // The program is started once; only the wait for its word is asked again.
    for (let i = 0; i < FORK_RETRIES && SHELL_COULD_NOT_FORK.test(r.output); i++) {
      await new Promise((done) => setTimeout(done, 200));
      r = await s.executor.run(["sh", "-c", `cd ${STATE_DIR} && ${wait}`]);
    }
    if (r.exitCode === 0) {
      s.pids = [Number(r.output.trim())];
      return { exitCode: 0 };
    }
    const why = r.exitCode === 2
      ? `the program could not set up its state: ${r.output.trim()}`
      : r.exitCode === 4 || r.exitCode === EXITED_EARLY ? r.output.trim() : `the program did not say ready within ${shownMs(READY_TIMEOUT_MS)}: ${r.output.trim().slice(-300)}`;
    return { exitCode: r.exitCode, harnessError: why };
  });
}

/** Asks every live copy to check itself (one SIGUSR1 each), then runs the outside checks on each. */
function check(s: CellState, name: string): Promise<StepResult> {
  if (s.scenario.plainProgram) return timed(name, () => outsideChecks(s));
  const copies = s.pids.length;
  const ask = `cd ${STATE_DIR}; n=$(cat verdict 2>/dev/null | wc -l); for p in ${s.pids.join(" ")}; do kill -USR1 $p || exit 3; done; ` +
    shellWait({ until: `[ "$(cat verdict 2>/dev/null | wc -l)" -ge "$((n + ${copies}))" ]`, then: `exec tail -n ${copies} verdict`, timeoutMs: VERDICT_TIMEOUT_MS, timeoutExit: 4 });
  return timed(name, async () => {
    const r = await s.executor.run(["sh", "-c", ask]);
    const verdicts = r.output.trim().split("\n");
    if (r.exitCode === 3) return { exitCode: 3, failure: { reason: `a process of ${s.pids.join(", ")} is gone`, evidence: [] } };
    if (r.exitCode !== 0) return { exitCode: r.exitCode, failure: { reason: `no verdict within ${shownMs(VERDICT_TIMEOUT_MS)} after SIGUSR1`, evidence: [] } };
    const bad = verdicts.find((v) => v !== "PASS");
    if (bad) return { exitCode: 1, failure: { reason: `program says ${bad}`, evidence: verdicts } };
    return outsideChecks(s);
  });
}

/** The scenario's outside checks on every live copy; the first that fails speaks for the step. */
async function outsideChecks(s: CellState): Promise<{ exitCode: number; observed: string[]; failure?: StepResult["failure"] }> {
  const observed: string[] = [];
  for (const pid of s.pids) {
    for (const c of s.scenario.outsideChecks ?? []) {
      const out = await s.executor.run(c.argv(pid));
      observed.push(`$ ${c.argv(pid).join(" ")}`, ...out.output.trim().split("\n").slice(0, 20));
      const wrong = out.exitCode !== 0 ? `${c.argv(pid).join(" ")} exited ${out.exitCode}: ${out.output.trim()}` : c.verify(out.output);
      if (wrong) return { exitCode: 1, observed, failure: { reason: `outside check (${c.describe}): ${wrong}`, evidence: [out.output] } };
    }
  }
  return { exitCode: 0, observed };
}

function exec(s: CellState, name: string, command: string): Promise<StepResult> {
  return timed(name, async () => {
    const r = await runBounded(s.executor, command, s.stepTimeoutSeconds);
    if (r.timedOut) return { exitCode: r.exitCode, harnessError: `\`${command}\` ${timedOutText(s.stepTimeoutSeconds)}`, timedOut: { seconds: s.stepTimeoutSeconds, by: "harness" } };
    if (r.exitCode === 0) return { exitCode: 0, observed: r.output.trim().split("\n").filter(Boolean).slice(-20) };
    return { exitCode: r.exitCode, failure: { reason: `\`${command}\` exited ${r.exitCode}: ${r.output.trim().slice(-200)}`, evidence: [r.output] } };
  });
}

/** Pids at or below this are left for restored trees in a migrated container. */
const PID_FLOOR = 30000;

/** Moves /work (images, program, its files, logs) to a fresh executor and drops the old one. */
function migrate(s: CellState, name: string): Promise<StepResult> {
  return timed(name, async () => {
    const next = await s.openNext();
    // Our own exec'd processes must not take the pids the dumped tree needs: start the new
    // executor's pid allocation far above them.
    await next.run(["sh", "-c", `echo ${PID_FLOOR} > /proc/sys/kernel/ns_last_pid`]);
    if (!next.inheritsWork) {
      const carry = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-migrate-" });
      try {
        if (!(await s.executor.copyOut("/work", carry.path))) {
          await next.remove();
          return { exitCode: 1, harnessError: `could not copy /work out of ${s.executor.describe}` };
        }
        if (!(await next.copyIn(`${carry.path}/work`, "/work"))) {
          await next.remove();
          return { exitCode: 1, harnessError: `could not copy /work into ${next.describe}` };
        }
      } finally {
        await carry.cleanup();
      }
    }
    await s.executor.remove();
    s.executor = next;
    s.criu = new Criu(next, { logDir: LOG_DIR, binary: s.scenario.criu?.wrapper, timeoutSeconds: s.stepTimeoutSeconds });
    return { exitCode: 0 };
  });
}

export async function runStep(s: CellState, step: Step): Promise<StepResult> {
  const spec = stepSpec(step);
  const n = ++s.counts[spec.step];
  const name = spec.name ?? stepName(spec.step, n);
  switch (spec.step) {
    case "start":
      return start(s, name);
    case "dump":
      return dump(s, name, n);
    case "restore":
      return restore(s, name);
    case "check":
      return check(s, name);
    case "exec":
      return exec(s, name, spec.run ?? "true");
    case "migrate":
      return migrate(s, name);
    case "clone":
      return clone(s, name, spec.copies ?? 4, spec.wrapper ?? s.scenario.criu?.wrapper ?? "criu-ns");
  }
}
