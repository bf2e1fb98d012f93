// One apt at a time per cached rootfs: two image builds of one suite in parallel would collide on
// apt's locks in the shared chroot ("downloading ... failed (exit 100)").
const queues = new Map<string, Promise<unknown>>();

export function withRootfsLock<T>(rootfs: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(rootfs) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(rootfs, next.catch(() => undefined));
  return next;
}
