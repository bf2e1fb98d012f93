import { describe, expect, test } from "vitest";
import { commandCheck, sameProcessTree, schedPolicy } from "./outside-checks.js";

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

describe("a plain program's process tree", () => {
  const tree = sameProcessTree();
  const listing = (start: string, now: string) => `--- at the start\n${start}\n--- now\n${now}\n`;

  test("the same pids and names pass, whatever each is doing", () => {
    expect(tree.verify(listing("8 sh S\n10 sleep S", "8 sh S\n10 sleep R"))).toBeUndefined();
    expect(tree.argv(4242).join(" ")).toContain("/work/bin/criu-lab-tree 4242");
  });

  test("a process gone, a new one, a zombie or a stopped one fail, naming it", () => {
    expect(tree.verify(listing("8 sh S\n10 sleep S", "8 sh S"))).toBe("the tree changed: at the start 8 sh, 10 sleep; now 8 sh");
    expect(tree.verify(listing("8 sh S", "8 sh S\n12 cat S"))).toMatch(/now 8 sh, 12 cat/);
    expect(tree.verify(listing("8 sh S\n10 sleep S", "8 sh S\n10 sleep Z"))).toBe("stopped or zombie: 10 sleep Z");
    expect(tree.verify(listing("8 sh S", "8 sh T"))).toMatch(/stopped or zombie: 8 sh T/);
    expect(tree.verify(listing("8 sh S", ""))).toBe("no process is left");
  });
});

describe("--check as an outside check", () => {
  const check = commandCheck("test -e /proc/$PID", 5);

  test("passes on exit 0 and gives the command $PID", () => {
    expect(check.verify("criu-lab: exit 0\n")).toBeUndefined();
    expect(check.argv(77).join(" ")).toMatch(/^sh -c PID=77; export PID; timeout -s KILL 5 sh -c 'test -e \/proc\/\$PID'/);
  });

  test("says how it failed: its exit code and last words, or that it never finished", () => {
    expect(check.verify("no such thing\ncriu-lab: exit 1\n")).toBe("`test -e /proc/$PID` exited 1: no such thing");
    expect(check.verify("criu-lab: exit 137\n")).toBe("`test -e /proc/$PID` did not finish within 5 s");
    // The shell's "Killed" notice comes on stderr and may follow the marker.
    expect(check.verify("criu-lab: exit 137\nKilled\n")).toBe("`test -e /proc/$PID` did not finish within 5 s");
  });
});
