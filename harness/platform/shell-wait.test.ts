import { execa } from "execa";
import { describe, expect, test } from "vitest";
import { shellWait, shownMs } from "./shell-wait.js";

const sh = async (script: string) => {
  const started = Date.now();
  const r = await execa("sh", ["-c", script], { reject: false });
  return { exitCode: r.exitCode, out: r.stdout, ms: Date.now() - started };
};

describe("shellWait", () => {
  test("ends as soon as the condition holds", async () => {
    const r = await sh(`(sleep 0.05; touch /tmp/sw-$$) & ${shellWait({ until: "[ -f /tmp/sw-$$ ]", then: "rm /tmp/sw-$$; echo ready; exit 0", timeoutMs: 5000, timeoutExit: 3 })}`);
    expect([r.exitCode, r.out]).toEqual([0, "ready"]);
    expect(r.ms).toBeLessThan(1000);
  });

  test("gives up at its deadline with its own exit code", async () => {
    const r = await sh(shellWait({ until: "false", timeoutMs: 300, onTimeout: "echo late", timeoutExit: 3 }));
    expect([r.exitCode, r.out]).toEqual([3, "late"]);
    expect(r.ms).toBeGreaterThanOrEqual(300);
    expect(r.ms).toBeLessThan(2000);
  });

  test("leaves early on its other way out", async () => {
    const r = await sh(shellWait({ until: "false", unless: "exit 7", timeoutMs: 5000, timeoutExit: 3 }));
    expect(r.exitCode).toBe(7);
  });

  test("times read as people say them", () => {
    expect([shownMs(15_000), shownMs(1_500), shownMs(500)]).toEqual(["15 s", "1.5 s", "500 ms"]);
  });
});
