// SysV IPC: a shm segment (attached, filled with a pattern), a semaphore set with distinct values and
// a message queue with 3 messages of different types. CRIU saves SysV objects only as the contents
// of an IPC namespace it dumps, and it dumps a namespace only when the dumped root task has its own:
// criu/namespaces.c (v4.2), "If root task lives in the same namespace as criu does ... we do NOT dump
// this namespace. On restore tasks inherit the respective namespace from criu." A program sharing
// the container's IPC namespace with criu would lose its objects silently (the restore only worked
// if the objects still existed). So the program unshare(CLONE_NEWIPC)s first; the dump log then says
// "Will take ipc namespace in the image" and writes ipcns-{shm,sem,msg,var}-N.img, and the restore
// recreates the namespace with the same ids (the program keeps the ids and checks with them).
import { defineScenario } from "../harness/scenario/define-scenario.js";
import { testScenario } from "../harness/scenario/vitest-matrix.js";

export const scenario = defineScenario({
  name: "sysv-ipc",
  summary: "SysV shm contents, semaphore values and queued messages in the program's own IPC namespace survive dump and restore",
  program: "sysv_ipc",
  steps: ["start", "dump", "restore", "check", "dump", "restore", "check"],
  expectations: [],
});

await testScenario(scenario);
