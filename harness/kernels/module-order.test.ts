import { expect, test } from "vitest";
import { loadOrder, moduleName } from "./module-order.js";

const DEP = [
  "kernel/fs/ext4/ext4.ko.xz: kernel/lib/crc16.ko.xz kernel/fs/mbcache.ko.xz kernel/fs/jbd2/jbd2.ko.xz",
  "kernel/fs/jbd2/jbd2.ko.xz:",
  "kernel/fs/mbcache.ko.xz:",
  "kernel/lib/crc16.ko.xz:",
  "kernel/drivers/block/virtio_blk.ko.xz: kernel/drivers/virtio/virtio_ring.ko.xz kernel/drivers/virtio/virtio.ko.xz",
  "kernel/drivers/virtio/virtio_pci.ko.xz: kernel/drivers/virtio/virtio_pci_modern_dev.ko.xz kernel/drivers/virtio/virtio_ring.ko.xz kernel/drivers/virtio/virtio.ko.xz",
  "kernel/drivers/virtio/virtio_pci_modern_dev.ko.xz:",
  "kernel/drivers/virtio/virtio_ring.ko.xz: kernel/drivers/virtio/virtio.ko.xz",
  "kernel/drivers/virtio/virtio.ko.xz:",
  "kernel/crypto/crc32c_generic.ko.xz:",
].join("\n");

test("dependencies come first, each module once, missing roots are skipped", () => {
  expect(loadOrder(DEP, ["virtio_pci", "virtio_blk", "crc32c_intel", "crc32c-generic", "ext4"]).map(moduleName)).toEqual([
    "virtio_pci_modern_dev",
    "virtio",
    "virtio_ring",
    "virtio_pci",
    "virtio_blk",
    "crc32c_generic",
    "crc16",
    "mbcache",
    "jbd2",
    "ext4",
  ]);
});

test("a kernel with everything built in loads nothing", () => {
  expect(loadOrder("", ["ext4", "virtio_blk"])).toEqual([]);
});
