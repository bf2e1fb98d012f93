// An eventfd holding 42, a signalfd for a blocked, pending SIGUSR2, an hourly timerfd (first expiry ahead)
// and a periodic 50 ms timerfd; each check consumes and re-arms (eventfd value, SIGUSR2) and wants the fast
// timer still firing at its interval.
//
// Known CRIU bug (all versions up to at least 4.2.1): a periodic timerfd that has expired but was not read
// at dump time is restored DISARMED. The kernel re-arms an expired periodic hrtimer lazily (on read() or
// timerfd_gettime()), so /proc/<pid>/fdinfo shows "ticks: 1 / it_value: (0, 0)"; CRIU dumps that it_value
// verbatim (criu/timerfd.c, "Dumping id ... it_value(0, 0) it_interval(0, 50000000)") and the restorer's
// timerfd_settime() with it_value 0 disarms the timer: the pending tick is delivered once, then never again.
// An idle process whose period is shorter than the time since its last read is always in this state.
// Reproduction: timerfd_settime(50 ms periodic), sleep 120 ms, dump, restore: timerfd_gettime() shows 0/0.
// Upstream: issue #3162 "A periodic timerfd issue at it_value={0,0}" (open); fix proposed in PR #2030
// "Fix timerfd restore problem with double parsing" (6ed15e66b, not merged as of v4.2).
// The eventfd, signalfd and hourly-timer checks run first, so a regression there is a plain fail.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "eventfd-signalfd-timerfd",
  summary: "an eventfd at 42, a signalfd with a pending SIGUSR2, an hourly and a 50 ms periodic timerfd survive restore",
  program: "eventfd_signalfd_timerfd",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [
    {
      criu: ">=3.0.0",
      outcome: "xfail",
      match: /timerfd is disarmed/,
      ref: "checkpoint-restore/criu issue #3162 \"A periodic timerfd issue at it_value={0,0}\" (open; PR #2030 unmerged)",
    },
  ],
});

await testScenario(scenario);
