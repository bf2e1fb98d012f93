// A `git:<ref>` version names a tag, branch or commit: one that git could never accept is an input
// error now, before any clone or build (and a ref that starts with "-" never reaches git as an option).
import { InputError } from "../platform/errors.js";

/** git check-ref-format's rules, for one ref as a user types it (v4.0, criu-dev, 3d5c8e1, origin/x). */
export function gitRefProblem(ref: string): string | undefined {
  if (ref.length === 0) return "it is empty";
  if (ref.length > 255) return "it is longer than 255 characters";
  if (ref.startsWith("-")) return 'it starts with "-"';
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(ref)) return "it holds a space, a control character or one of ~ ^ : ? * [ \\";
  if (/\.\.|@\{|\/\/|\/\.|\.lock(\/|$)|^\/|\/$|\.$|^@$/.test(ref)) return "it is not a name git accepts for a tag, branch or commit";
  return undefined;
}

export function checkGitRef(raw: string, ref: string): void {
  const why = gitRefProblem(ref);
  if (why) throw new InputError(`CRIU version "${raw}" names no git ref: ${why}`, { hint: "git:<tag|branch|commit>, e.g. git:v4.0" });
}
