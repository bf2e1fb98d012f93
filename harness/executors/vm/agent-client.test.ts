// The real guest agent (guest/agent.py) run on the host over pipes: the protocol end to end, no VM.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, expect, test } from "vitest";
import { AgentClient } from "./agent-client.js";
import { AnswerSplitter, type Answer } from "./agent-protocol.js";

const AGENT = fileURLToPath(new URL("./guest/agent.py", import.meta.url));
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => children.splice(0).forEach((c) => c.kill("SIGKILL")));

function agentOnPipes(): AgentClient {
  const child = spawn("python3", [AGENT, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  return new AgentClient(child.stdout!, child.stdin!, () => child.stdin!.end());
}

test("exec returns exit code and output; requests run concurrently", async () => {
  const agent = agentOnPipes();
  const started = Date.now();
  const [slow, fast] = await Promise.all([
    agent.request({ op: "exec", argv: ["sh", "-c", "sleep 0.5; echo slow"] }, 10_000),
    agent.request({ op: "exec", argv: ["sh", "-c", "echo fast >&2; exit 7"] }, 10_000),
  ]);
  expect(fast).toMatchObject({ exitCode: 7, output: "fast\n", timedOut: false });
  expect(slow).toMatchObject({ exitCode: 0, output: "slow\n" });
  expect(Date.now() - started).toBeLessThan(5000);
});

test("a command past its timeout is killed and reported as 124", async () => {
  const r = await agentOnPipes().request({ op: "exec", argv: ["sleep", "30"], timeoutMs: 200 }, 10_000);
  expect(r).toMatchObject({ exitCode: 124, timedOut: true });
});

test("files go in and come out as tar", async () => {
  const agent = agentOnPipes();
  const dir = `/tmp/criu-lab-agent-test-${process.pid}`;
  const tar = await agent.request({ op: "tar-out", path: AGENT }, 10_000);
  expect(tar.data?.length).toBeGreaterThan(100);
  await agent.request({ op: "tar-in", dir, data: tar.data! }, 10_000);
  const r = await agent.request({ op: "exec", argv: ["sh", "-c", `head -c 22 ${dir}/agent.py; rm -r ${dir}`] }, 10_000);
  expect(r.output).toBe("#!/usr/bin/env python3");
  expect(await agent.request({ op: "tar-out", path: "/nonexistent/x" }, 10_000)).toMatchObject({ missing: true });
});

test("unknown ops and host-side resets are refused by name", async () => {
  const agent = agentOnPipes();
  await expect(agent.request({ op: "reset" }, 10_000)).rejects.toThrow("reset only runs inside the VM");
});

test("a guest that does not answer in time is an AgentError naming the request", async () => {
  const child = spawn("sleep", ["30"], { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  const silent = new AgentClient(child.stdout!, child.stdin!);
  await expect(silent.request({ op: "exec", argv: ["criu", "check"] }, 200)).rejects.toThrow("did not answer `criu check` within 0 s");
});

test("the splitter keeps torn lines and reports junk", () => {
  const got: Answer[] = [];
  const junk: string[] = [];
  const s = new AnswerSplitter();
  s.push('{"id":"a","ok":tr', (a) => got.push(a), (j) => junk.push(j));
  s.push('ue}\nhello\n{"id":"b","ok":false,"error":"x"}\n', (a) => got.push(a), (j) => junk.push(j));
  expect(got.map((a) => a.id)).toEqual(["a", "b"]);
  expect(junk).toEqual(["hello"]);
});
