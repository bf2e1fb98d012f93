import { describe, expect, test } from "vitest";
import { criuErrors, failureSummary, isNoise, stepLimit, unsupportedEvidence, unsupportedReason } from "./log-classifier.js";

// Lines as CRIU 3.17.1 prints them on kernel 6.18 (seen in results/*/cells/*@3.17.1.json).
const VDSO_LOG = `(00.003010) Error (criu/vdso.c:381): vdso: Unexpected rt vDSO area bounds
(00.003020) Error (criu/vdso.c:628): vdso: Failed to fill self vdso symtable
(00.003030) Error (criu/kerndat.c:1906): kerndat_vdso_fill_symtable failed when initializing kerndat.
(00.003200) Error (criu/util.c:642): exited, status=1`;

const RLIMIT = "(00.000412) Error (criu/rlimit.c:50): rlimit: Can't setup RLIMIT_NOFILE for self";

describe("criuErrors", () => {
  test("keeps Error lines without their timestamps", () => {
    expect(criuErrors(VDSO_LOG)[0]).toBe("Error (criu/vdso.c:381): vdso: Unexpected rt vDSO area bounds");
    expect(criuErrors(VDSO_LOG)).toHaveLength(4);
  });

  test("drops the RLIMIT_NOFILE noise of hosts without CAP_SYS_RESOURCE", () => {
    expect(isNoise(RLIMIT)).toBe(true);
    expect(criuErrors(`${RLIMIT}\n(00.1) Error (criu/cr-restore.c:1230): Can't fork for 15: File exists`)).toEqual([
      "Error (criu/cr-restore.c:1230): Can't fork for 15: File exists",
    ]);
  });

  test("ignores warnings and info", () => {
    expect(criuErrors("(00.1) Warn  (criu/kerndat.c:1285): Can't keep kdat cache\n(00.2) Looks good.")).toEqual([]);
  });
});

describe("unsupportedReason", () => {
  test("recognises the vdso failure of CRIU < 4.1 on kernel >= 6.13", () => {
    expect(unsupportedReason(VDSO_LOG)).toMatch(/vDSO.*v4\.1/);
    expect(unsupportedEvidence(VDSO_LOG)).toBe("Error (criu/vdso.c:381): vdso: Unexpected rt vDSO area bounds");
  });

  test("recognises missing diag modules", () => {
    expect(unsupportedReason("Error (criu/sockets.c:800): Diag module missing")).toMatch(/sock_diag/);
  });

  test("a CRIU bug is not a kernel limit", () => {
    expect(unsupportedReason("Error (criu/cr-restore.c:3071): Inconsistent sched params received (1073741825.0.0)")).toBeUndefined();
  });
});

describe("failureSummary", () => {
  test("prefers the first real error", () => {
    expect(failureSummary(`${RLIMIT}\n${VDSO_LOG}`)).toContain("Unexpected rt vDSO area bounds");
  });

  test("falls back to the last line when there is no Error line", () => {
    expect(failureSummary("one\ntwo\n\n")).toBe("two");
    expect(failureSummary("")).toBe("no output");
  });
});

describe("stepLimit", () => {
  test("a dump refused for rseq on an old kernel is a kernel limit", () => {
    expect(stepLimit(["dump exited 1", "Error (criu/cr-dump.c:203): 164 has rseq but kernel lacks get_rseq_conf feature"])).toMatch(/PTRACE_GET_RSEQ_CONFIGURATION/);
  });
  test("a release without criu-ns is a release limit", () => {
    expect(stepLimit(["dump exited 127: timeout: failed to run command ‘criu-ns’: No such file or directory"])).toMatch(/no criu-ns.*v3\.16/);
  });
  test("an ordinary CRIU failure is neither", () => {
    expect(stepLimit(["Error (criu/cr-restore.c:3057): Inconsistent sched params received (1073741825.0.0)"])).toBeUndefined();
  });
});
