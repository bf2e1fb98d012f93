// The scenario and program templates (templates/*.tmpl), with __KEY__ placeholders filled in.
import { readFile } from "node:fs/promises";

const TEMPLATES = new URL("./templates/", import.meta.url);

export async function fillTemplate(template: string, values: Record<string, string>): Promise<string> {
  const text = await readFile(new URL(template, TEMPLATES), "utf8");
  return Object.entries(values).reduce((t, [k, v]) => t.replaceAll(`__${k}__`, v), text);
}
