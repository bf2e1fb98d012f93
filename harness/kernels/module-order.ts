// Which kernel modules the VM's initramfs must load, in order, to reach its root disk and agent
// port: the roots below and everything they depend on (from depmod's modules.dep).

/** virtio disk and PCI transport, ext4 (and the crc32c it asks for by name), the agent's virtio-serial port. */
export const INITRAMFS_ROOTS = ["virtio_pci", "virtio_blk", "virtio_console", "crc32c_generic", "crc32c_intel", "ext4"] as const;

/** "kernel/fs/ext4/ext4.ko.xz" -> "ext4"; dashes and underscores name the same module. */
export function moduleName(path: string): string {
  const base = path.split("/").at(-1) ?? path;
  return base.replace(/\.ko(\.(xz|zst|gz))?$/, "").replace(/-/g, "_");
}

/** modules.dep lines "path: dep dep" -> name -> {path, deps (paths)}. */
export function parseModulesDep(text: string): Map<string, { path: string; deps: string[] }> {
  const out = new Map<string, { path: string; deps: string[] }>();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const path = line.slice(0, colon).trim();
    const deps = line.slice(colon + 1).trim().split(/\s+/).filter(Boolean);
    out.set(moduleName(path), { path, deps });
  }
  return out;
}

/**
 * Module paths to insmod, dependencies first, each once. Roots that are built in (or absent from this
 * kernel, like crc32c_intel on another arch) are simply not loaded.
 */
export function loadOrder(modulesDep: string, roots: readonly string[]): string[] {
  const deps = parseModulesDep(modulesDep);
  const byPath = new Map([...deps.values()].map((m) => [m.path, m]));
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const d of byPath.get(path)?.deps ?? []) visit(d);
    order.push(path);
  };
  for (const r of roots) {
    const m = deps.get(r.replace(/-/g, "_"));
    if (m) visit(m.path);
  }
  return order;
}
