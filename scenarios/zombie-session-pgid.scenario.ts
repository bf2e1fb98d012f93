// An unreaped zombie child (exit status 7), a child in its own process group, and a child that called
// setsid() with a grandchild in that session but in its own group. After restore the zombie must still
// be a zombie of the root with the same exit status (checked with waitid(WNOWAIT), so nothing is
// reaped and the check repeats) and every pgid/sid must be as before. ZDTM: static/zombie00,
// static/pgid, static/session01..03 check these one at a time.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "zombie-session-pgid",
  summary: "an unreaped zombie, a child in its own pgid and a child in its own session keep state, pgid and sid",
  program: "zombie_session_pgid",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [{ criu: ">=3.0.0", outcome: "pass" }],
});

await testScenario(scenario);
