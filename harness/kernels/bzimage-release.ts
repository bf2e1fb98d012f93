// The release string a bzImage carries in its boot header (what `uname -r` will say), so a kernel
// the user built names itself without booting it.
import { open } from "node:fs/promises";

export function releaseFromHeader(head: Buffer): string | undefined {
  if (head.length < 0x210 || head.toString("latin1", 0x202, 0x206) !== "HdrS") return undefined;
  const at = head.readUInt16LE(0x20e) + 0x200;
  if (at >= head.length) return undefined;
  const text = head.toString("latin1", at, Math.min(head.length, at + 256));
  const release = text.split(/[\s\0]/)[0];
  return release && /^\d+\.\d+/.test(release) ? release : undefined;
}

export async function bzImageRelease(path: string): Promise<string | undefined> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return releaseFromHeader(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}
