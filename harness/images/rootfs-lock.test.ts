import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "vitest";
import { withRootfsLock } from "./rootfs-lock.js";

test("work on one rootfs runs one at a time, in order, and a failure does not block the next", async () => {
  const log: string[] = [];
  const job = (name: string, fail = false) => async () => {
    log.push(`${name}:start`);
    await sleep(10);
    log.push(`${name}:end`);
    if (fail) throw new Error(name);
    return name;
  };
  const results = await Promise.allSettled([
    withRootfsLock("/r", job("a", true)),
    withRootfsLock("/r", job("b")),
    withRootfsLock("/other", job("c")),
  ]);
  expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
  expect(log.indexOf("b:start")).toBeGreaterThan(log.indexOf("a:end"));
  expect(log.indexOf("c:start")).toBeLessThan(log.indexOf("a:end"));
});
