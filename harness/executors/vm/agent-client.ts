// Talks to the guest agent over a stream (the VM's virtio-serial port through qemu's unix socket).
// Every request has a deadline: a guest that stops answering is a hung VM, not a slow cell.
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import type { Readable, Writable } from "node:stream";
import { CriuLabError } from "../../platform/errors.js";
import { logger } from "../../platform/log.js";
import { AnswerSplitter, encodeRequest, type AgentAnswers, type AgentRequest, type Answer } from "./agent-protocol.js";

const log = logger("agent");

/** The agent said no, or (`unresponsive`) did not answer in time or lost its channel: a harness-error. */
export class AgentError extends CriuLabError {
  override readonly name = "AgentError";
  constructor(message: string, readonly unresponsive: boolean) {
    super(message);
  }
}

interface Waiter {
  resolve(a: Answer): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

export class AgentClient {
  private readonly waiting = new Map<string, Waiter>();
  private readonly session = randomBytes(4).toString("hex");
  private next = 0;
  private closed?: Error;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly close: () => void = () => undefined,
  ) {
    const splitter = new AnswerSplitter();
    input.setEncoding("utf8");
    input.on("data", (chunk: string) =>
      // Answers for another session's ids (a client that gave up before) are dropped.
      splitter.push(chunk, (a) => this.settle(a), (junk) => log("not an answer: %s", junk.slice(0, 200))),
    );
    const end = (why: string) => this.fail(new AgentError(`the agent channel ${why}`, true));
    input.on("end", () => end("closed"));
    input.on("error", (e) => end(`failed: ${e.message}`));
  }

  /** Connects to qemu's unix socket for the agent port. */
  static async connect(socketPath: string): Promise<AgentClient> {
    const socket = connect(socketPath);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    return new AgentClient(socket, socket, () => socket.destroy());
  }

  private settle(a: Answer): void {
    const w = typeof a.id === "string" ? this.waiting.get(a.id) : undefined;
    if (!w) return;
    this.waiting.delete(a.id!);
    clearTimeout(w.timer);
    w.resolve(a);
  }

  private fail(e: Error): void {
    this.closed ??= e;
    for (const [id, w] of this.waiting) {
      clearTimeout(w.timer);
      w.reject(e);
      this.waiting.delete(id);
    }
  }

  /** Sends one request; rejects with AgentError when the guest does not answer within `deadlineMs`. */
  async request<K extends AgentRequest["op"]>(req: Extract<AgentRequest, { op: K }>, deadlineMs: number): Promise<AgentAnswers[K]> {
    if (this.closed) throw this.closed;
    const id = `${this.session}-${++this.next}`;
    const answer = await new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new AgentError(`the guest did not answer ${describe(req)} within ${Math.round(deadlineMs / 1000)} s`, true));
      }, deadlineMs);
      this.waiting.set(id, { resolve, reject, timer });
      this.output.write(encodeRequest(id, req));
    });
    if (!answer.ok) throw new AgentError(`the agent could not do ${describe(req)}: ${answer.error}`, false);
    return answer as unknown as AgentAnswers[K];
  }

  dispose(): void {
    this.fail(new AgentError("the agent channel was closed by the harness", false));
    this.close();
  }
}

function describe(req: AgentRequest): string {
  if (req.op === "exec") return `\`${req.argv.join(" ").slice(0, 120)}\``;
  if (req.op === "tar-out") return `a copy of ${req.path}`;
  if (req.op === "tar-in") return `a copy into ${req.dir}`;
  return req.op;
}
