// Fills the cache root in CRIU_LAB_CACHE with real entries, made by criu-lab's own code, and exits
// (so no process uses them any more): two CRIU builds of tiny trees, a VM root disk per image tag
// given, and the boot files of a tiny kernel. argv: WORKDIR IMAGE-TAG...
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ensureRootfsDisk } from "../../harness/executors/vm/rootfs-disk.js";
import { buildCriu } from "../../harness/images/source/source-build.js";
import { ensureKernelBoot } from "../../harness/kernels/boot-files.js";

const [work, ...images] = process.argv.slice(2) as [string, ...string[]];

for (const n of [1, 2]) {
  const dir = join(work, `tree-${n}`);
  await mkdir(join(dir, "criu"), { recursive: true });
  await writeFile(join(dir, "criu/main.c"), `#include <stdio.h>\nint main(void) { puts("Version: 9.9.${n}"); return 0; }\n`);
  await writeFile(join(dir, "Makefile"), ".PHONY: criu\ncriu:\n\tgcc -static -O2 -o criu/criu criu/main.c\n");
  await buildCriu({ id: `gc-test-${process.pid}-${n}`, label: `gc-test-${n}`, dir, kind: "tree", series: [4, 1] });
}
for (const tag of images) await ensureRootfsDisk(tag);

const release = "9.9.9-criu-lab-gc";
const modulesDir = join(work, "kernel/lib/modules", release);
await mkdir(join(modulesDir, "kernel/drivers/block"), { recursive: true });
await writeFile(join(modulesDir, "kernel/drivers/block/virtio_blk.ko"), Buffer.alloc(256 << 10, 1));
await writeFile(join(modulesDir, "modules.dep"), "kernel/drivers/block/virtio_blk.ko:\n");
await writeFile(join(work, "kernel/bzImage"), Buffer.alloc(1 << 20, 2));
await ensureKernelBoot({ name: "gc-test", release, vmlinuz: join(work, "kernel/bzImage"), modulesDir, describe: "a test kernel" });
process.stdout.write("filled\n");
