import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { privateEngine, recordedEngine } from "./private-engine.js";

describe("criu-lab's own engine: everything in one directory, found again from DOCKER_HOST", () => {
  test("its flags put socket, data root, exec root and pidfile in the directory", () => {
    const e = privateEngine("/srv/e");
    expect(e.dockerHost).toBe("unix:///srv/e/docker.sock");
    expect(e.flags).toEqual(["--host", "unix:///srv/e/docker.sock", "--data-root", "/srv/e/data", "--exec-root", "/srv/e/exec", "--pidfile", "/srv/e/dockerd.pid"]);
  });

  test("only an engine criu-lab recorded for that very DOCKER_HOST is started again", async () => {
    const dir = await mkdtemp(join(tmpdir(), "criu-lab-engine-record-"));
    const host = `unix://${dir}/docker.sock`;
    expect(recordedEngine(host)).toBeUndefined();
    await writeFile(join(dir, "criu-lab-engine.json"), JSON.stringify({ startedBy: "criu-lab", dockerHost: "unix:///elsewhere/docker.sock" }));
    expect(recordedEngine(host)).toBeUndefined();
    await writeFile(join(dir, "criu-lab-engine.json"), JSON.stringify({ startedBy: "criu-lab", dockerHost: host }));
    expect(recordedEngine(host)?.dir).toBe(dir);
    expect(recordedEngine("tcp://127.0.0.1:2375")).toBeUndefined();
    await rm(dir, { recursive: true });
  });
});
