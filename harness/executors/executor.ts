// What a cell's steps need from where the program runs (a container, or a session on a VM):
// run commands, move files in and out, and go away.
import { chmod, copyFile } from "node:fs/promises";
import { join } from "node:path";
import { dir as tmpDir } from "tmp-promise";
import type { CommandRunner } from "../platform/command-runner.js";

export interface Executor extends CommandRunner {
  /** For logs and errors: "container 3f2a..." or "vm debian:6.1 (qemu 1234)". */
  readonly describe: string;
  /**
   * Set on the executor a migrate step moves to when it already holds the old one's /work (a VM
   * reset in place keeps it): nothing needs copying.
   */
  readonly inheritsWork?: boolean;
  /** Copies a file or directory to hostDir/<its name>; false when it cannot. */
  copyOut(path: string, hostDir: string): Promise<boolean>;
  /** Copies hostDir's contents into dir (made if missing). */
  copyIn(hostDir: string, dir: string): Promise<boolean>;
  /** Ends it; never throws (a cell's verdict must not hinge on cleanup). */
  remove(): Promise<void>;
}

/** Puts one host file into any executor as dir/name, executable (through copyIn). */
export async function copyFileIn(executor: Executor, hostFile: string, dir: string, name: string): Promise<boolean> {
  const stage = await tmpDir({ unsafeCleanup: true, prefix: "criu-lab-file-" });
  try {
    await copyFile(hostFile, join(stage.path, name));
    await chmod(join(stage.path, name), 0o755);
    return await executor.copyIn(stage.path, dir);
  } finally {
    await stage.cleanup();
  }
}
