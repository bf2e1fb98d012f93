// Content keys for images and builds: a tag changes exactly when what went into it changes.
import { createHash } from "node:crypto";

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function contentKey(recipe: unknown, length = 12): string {
  return createHash("sha256").update(stable(recipe)).digest("hex").slice(0, length);
}
