// Reads CRIU logs: pulls out the Error lines that matter and recognises "cannot run on this kernel".

/** Errors CRIU prints on every run in some environments; harmless, never a verdict. */
export const KNOWN_NOISE: readonly { pattern: RegExp; why: string }[] = [
  {
    pattern: /rlimit: Can't setup RLIMIT_NOFILE for self/,
    why: "the host's root lacks CAP_SYS_RESOURCE; CRIU carries on with the current limit",
  },
  { pattern: /Can't keep kdat cache on non-tempfs/, why: "kerndat cache location, informational" },
];

/** Kernel/environment limits of a CRIU version: the cell is `unsupported`, not failed. */
export const KERNEL_LIMITS: readonly { pattern: RegExp; reason: string }[] = [
  {
    pattern: /Unexpected rt vDSO area bounds|kerndat_vdso_fill_symtable failed/,
    reason:
      "CRIU cannot parse this kernel's vDSO/vvar layout (kernel >= 6.13 split vvar; fixed upstream in v4.1, \"vdso: handle vvar_vclock vma-s\")",
  },
  {
    pattern: /Diag module missing|Can't load .*_diag module/i,
    reason: "the kernel lacks the sock_diag modules CRIU needs (load them, or boot a kernel with them)",
  },
  {
    pattern: /CONFIG_CHECKPOINT_RESTORE|kcmp.*not supported|Kernel doesn't support PTRACE_O_SUSPEND_SECCOMP/,
    reason: "the kernel was built without the checkpoint/restore features CRIU needs",
  },
  {
    // Seen with CRIU 3.18 (bookworm's glibc 2.36) on Debian's 5.10 kernel in a VM.
    pattern: /has rseq but kernel lacks get_rseq_conf feature/,
    reason: "the program's glibc registers rseq and this kernel (< 5.13) lacks PTRACE_GET_RSEQ_CONFIGURATION, so CRIU >= 3.17 will not dump it",
  },
];

/** A step that needs what this CRIU release does not ship: the cell is `unsupported`, with why. */
export const RELEASE_LIMITS: readonly { pattern: RegExp; reason: string }[] = [
  {
    pattern: /failed to run command .criu-ns.|criu-ns: not found/,
    reason: "this CRIU release ships no criu-ns (upstream added scripts/criu-ns in v3.16, 2598f64fa)",
  },
];

/** Why a failed step's errors show a limit of the kernel or of the release, not a CRIU failure. */
export function stepLimit(lines: readonly string[]): string | undefined {
  return [...KERNEL_LIMITS, ...RELEASE_LIMITS].find((k) => lines.some((l) => k.pattern.test(l)))?.reason;
}

export function isNoise(line: string): boolean {
  return KNOWN_NOISE.some((n) => n.pattern.test(line));
}

/** "(00.012) Error (criu/x.c:12): msg" -> "Error (criu/x.c:12): msg"; noise removed. */
export function criuErrors(log: string): string[] {
  return log
    .split("\n")
    .filter((l) => /\bError \(/.test(l) && !isNoise(l))
    .map((l) => l.replace(/^\(\s*[\d.]+\)\s*/, "").replace(/^\d+:\s*/, "").trim());
}

export function unsupportedReason(log: string): string | undefined {
  return KERNEL_LIMITS.find((k) => k.pattern.test(log))?.reason;
}

/** The log line that shows a kernel limit, for the record. */
export function unsupportedEvidence(log: string): string | undefined {
  const limit = KERNEL_LIMITS.find((k) => k.pattern.test(log));
  if (!limit) return undefined;
  return criuErrors(log).find((l) => limit.pattern.test(l)) ?? log.split("\n").find((l) => limit.pattern.test(l))?.trim();
}

/** The line that best says why CRIU failed: its first real Error, else the last non-empty line. */
export function failureSummary(log: string): string {
  const first = criuErrors(log)[0];
  if (first) return first;
  const lines = log.split("\n").map((l) => l.trim()).filter((l) => l && !isNoise(l));
  return lines.at(-1) ?? "no output";
}
