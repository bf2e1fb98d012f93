// One apt at a time per cached rootfs, across processes: two image builds of one suite at once (in
// one run, or in two runs on one host) would collide on apt's locks in the shared chroot
// ("downloading ... failed (exit 100)"). A flock(2) lock in cacheDir("locks", "rootfs").
import { basename } from "node:path";
import { cacheDir } from "../platform/cache-dir.js";
import { withFileLock } from "../platform/file-lock.js";

export function rootfsLockPath(rootfs: string): string {
  return cacheDir("locks", "rootfs", `${basename(rootfs)}.apt`);
}

export function withRootfsLock<T>(rootfs: string, work: () => Promise<T>): Promise<T> {
  return withFileLock(rootfsLockPath(rootfs), work);
}
