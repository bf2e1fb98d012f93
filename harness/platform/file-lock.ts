// Locks that work across processes: flock(2) on a file, held by a small `sh` that owns the open
// file. The kernel drops a flock when its holder dies, so a dead process's lock is free at once,
// with no stale-lock takeover to race on; the holder also quits when our stdin pipe closes.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import type { Socket } from "node:net";
import { dirname } from "node:path";
import { HostError } from "./errors.js";
import { logger } from "./log.js";

const log = logger("locks");

/**
 * flock(1) on fd 9, then a check that the path still names the locked file: a lock file removed
 * while we waited (gc removes unused ones) would otherwise hand us a lock nobody else can see.
 * It says "held" once it has the lock, and keeps it until its stdin ends or its parent is gone.
 */
const HOLDER = `
f=$1; mode=$2; wait=$3
while :; do
  exec 9>>"$f" || exit 3
  flock $mode $wait 9 || exit 75
  [ "$(stat -L -c %d:%i /proc/$$/fd/9 2>/dev/null)" = "$(stat -c %d:%i "$f" 2>/dev/null)" ] && break
  exec 9>&-
done
echo held
read -r _ || true
`;

export type LockMode = "shared" | "exclusive";

export interface HeldLock extends AsyncDisposable {
  readonly path: string;
  readonly mode: LockMode;
  release(): Promise<void>;
}

export interface LockOptions {
  mode?: LockMode;
  /** false: give up at once when another process holds it (tryLockFile). */
  wait?: boolean;
  /** Calls the attempt off: a waiting holder is killed, and so is one that got the lock (dropping it). */
  signal?: AbortSignal;
}

type HolderOptions = Required<Omit<LockOptions, "signal">> & Pick<LockOptions, "signal">;

function startHolder(path: string, options: HolderOptions): ChildProcess {
  const args = ["-c", HOLDER, "criu-lab-lock", path, options.mode === "shared" ? "-s" : "-x", options.wait ? "" : "-n"];
  return spawn("sh", args, { stdio: ["pipe", "pipe", "pipe"], ...(options.signal ? { signal: options.signal, killSignal: "SIGKILL" as const } : {}) });
}

/** Waits for the holder's "held", or its exit: 75 means busy (only without wait). */
function heldOrBusy(child: ChildProcess, path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("held\n")) resolve(true);
    });
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.once("error", (e) => reject(new HostError(`cannot lock ${path}: ${e.message}`, { hint: "flock(1) from util-linux is needed" })));
    child.once("exit", (code) => {
      if (code === 75) resolve(false);
      else reject(new HostError(`cannot lock ${path}: exit ${code ?? "by signal"} ${err.trim()}`.trim(), { hint: "flock(1) from util-linux is needed" }));
    });
  });
}

function handle(child: ChildProcess, path: string, mode: LockMode): HeldLock {
  let released: Promise<void> | undefined;
  const release = () => {
    released ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.stdin!.end();
    });
    return released;
  };
  return { path, mode, release, [Symbol.asyncDispose]: release };
}

async function acquire(path: string, options: HolderOptions): Promise<HeldLock | undefined> {
  await mkdir(dirname(path), { recursive: true });
  const child = startHolder(path, options);
  if (!(await heldOrBusy(child, path))) return undefined;
  log("%s %s (holder %d)", options.mode, path, child.pid);
  return handle(child, path, options.mode);
}

/** Takes the lock, waiting as long as another process holds it (exclusive unless told otherwise). */
export async function lockFile(path: string, options: Omit<LockOptions, "wait"> = {}): Promise<HeldLock> {
  return (await acquire(path, { ...options, mode: options.mode ?? "exclusive", wait: true }))!;
}

/** Takes the lock if nobody holds it (in a conflicting mode) now; undefined if someone does. */
export function tryLockFile(path: string, options: Omit<LockOptions, "wait"> = {}): Promise<HeldLock | undefined> {
  return acquire(path, { mode: options.mode ?? "exclusive", wait: false });
}

export async function withFileLock<T>(path: string, work: () => Promise<T>, options: Omit<LockOptions, "wait"> = {}): Promise<T> {
  await using _held = await lockFile(path, options);
  return await work();
}

/**
 * A lock this process keeps until it exits: the holder is unref'd, so it does not keep Node alive,
 * and it quits (dropping the lock) when Node's end of its stdin closes, however Node ends.
 */
const heldForLife = new Map<string, Promise<void>>();

export function holdUntilExit(path: string, options: Omit<LockOptions, "wait"> = {}): Promise<void> {
  const mode = options.mode ?? "shared";
  const key = `${mode} ${path}`;
  let held = heldForLife.get(key);
  if (!held) {
    held = holdForLife(path, mode);
    heldForLife.set(key, held);
    held.catch(() => heldForLife.delete(key));
  }
  return held;
}

async function holdForLife(path: string, mode: LockMode): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const child = startHolder(path, { mode, wait: true });
  await heldOrBusy(child, path);
  child.unref();
  (child.stdin as Socket).unref();
  child.stdout!.destroy();
  child.stderr!.destroy();
  log("%s %s until exit (holder %d)", mode, path, child.pid);
}
