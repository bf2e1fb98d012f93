import { describe, expect, test } from "vitest";
import { cString } from "./repro-program.js";
import { renderScenarioFile } from "./repro-scenario.js";
import type { ReproSpec } from "./repro-spec.js";

describe("the --run program", () => {
  test("C string literals keep every byte, and no trigraph can form", () => {
    expect(cString(`a"b\\c\nd`)).toBe(`"a\\"b\\\\c\\nd"`);
    expect(cString("??=")).toBe('"?\\077="');
    expect(cString("é\t")).toBe('"\\303\\251\\011"');
  });
});

test("a saved scenario reads as one written by hand", async () => {
  const spec: ReproSpec = {
    name: "x11-repro", process: { kind: "run", command: "sleep 1" }, criu: { wrapper: "criu-ns", shellJob: true },
    dumpArgs: ["--tcp-established"], restoreArgs: [], setup: [], beforeRestore: ["mkdir -p /tmp/.X11-unix"], migrate: true,
    check: "test -e /proc/$PID", checkTimeoutSeconds: 60, cycles: 1, settleMs: 500,
  };
  const text = await renderScenarioFile(spec, { command: "criu-lab repro ...", run: "r1", results: "4.1.1 on host: pass" });
  expect(text).toContain('criu: { wrapper: "criu-ns", shellJob: true },');
  expect(text).toContain('steps: ["start", "dump", "migrate", { step: "exec", name: "before-restore", run: "mkdir -p /tmp/.X11-unix" }, "restore", "check"],');
  expect(text).toContain('outsideChecks: [commandCheck("test -e /proc/$PID", 60)],');
  expect(text).toContain('import { commandCheck } from "../harness/scenario/outside-checks.js";');
  expect(text).not.toMatch(/__[A-Z_]+__/);
});
