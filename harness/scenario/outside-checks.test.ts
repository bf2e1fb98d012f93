import { expect, test } from "vitest";
import { schedPolicy } from "./outside-checks.js";

const check = schedPolicy("SCHED_FIFO|SCHED_RESET_ON_FORK", 99);

test("accepts what chrt prints for the seed's policy", () => {
  const out = "pid 15's current scheduling policy: SCHED_FIFO|SCHED_RESET_ON_FORK\npid 15's current scheduling priority: 99\n";
  expect(check.verify(out)).toBeUndefined();
  expect(check.argv(15)).toEqual(["chrt", "-p", "15"]);
});

test("names what differs", () => {
  expect(check.verify("pid 15's current scheduling policy: SCHED_FIFO\npid 15's current scheduling priority: 99\n")).toMatch(/policy SCHED_FIFO, want SCHED_FIFO\|SCHED_RESET_ON_FORK/);
  expect(check.verify("pid 15's current scheduling policy: SCHED_FIFO|SCHED_RESET_ON_FORK\npid 15's current scheduling priority: 0\n")).toMatch(/priority 0, want 99/);
});
