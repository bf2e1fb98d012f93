// Seed 003, first half (../shared/seeds/003_*): an X11 server socket at /tmp/.X11-unix/X0 and its client
// are dumped in one container and restored in a fresh container of the same image, where
// /tmp/.X11-unix does not exist. The report: restore fails "No such file or directory"; creating the
// directory is the workaround. The first restore is recorded (it may fail), then the workaround runs,
// and the restore, data exchange, re-dump and re-restore must all pass.
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "x11-socket-dir-missing",
  summary: "a unix socket whose directory is missing at restore: fails, then passes once the directory exists",
  program: "x11_unix_socket",
  steps: [
    "start",
    "dump",
    "migrate",
    { step: "restore", name: "restore-without-dir", mayFail: true },
    { step: "exec", name: "workaround-mkdir", run: "mkdir -p -m 1777 /tmp/.X11-unix" },
    { step: "restore", name: "restore" },
    "check",
    "dump",
    { step: "restore", name: "re-restore" },
    "check",
  ],
  expectations: [],
});

await testScenario(scenario);
