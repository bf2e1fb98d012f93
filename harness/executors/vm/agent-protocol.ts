// The agent's wire format: one JSON object per line each way; answers carry their request's id.
// The guest side is guest/agent.py.

export type AgentRequest =
  | { op: "ping" }
  /** pathFirst: a directory put ahead of the guest's PATH (the CRIU build this cell runs). */
  | { op: "exec"; argv: readonly string[]; timeoutMs?: number; cwd?: string; pathFirst?: string }
  | { op: "tar-out"; path: string }
  | { op: "tar-in"; dir: string; data: string }
  /** keep: scratch places left as they are (a migrate keeps /work); criu: the CRIU the next cell runs (its kdat cache). */
  | { op: "reset"; keep?: readonly string[]; criu?: string };

export interface AgentAnswers {
  ping: { release: string; pid: number };
  exec: { exitCode: number; output: string; timedOut: boolean };
  "tar-out": { data?: string; missing?: boolean };
  "tar-in": Record<string, never>;
  /** What the previous cell left: processes killed, mounts undone, kernel tables cleared, root-filesystem entries put back. */
  reset: { killed: number; unmounted: string[]; cleared: string[]; reverted: string[] };
}

export type Answer = { id: string | null; ok: true; [k: string]: unknown } | { id: string | null; ok: false; error: string };

export function encodeRequest(id: string, req: AgentRequest): string {
  return `${JSON.stringify({ ...req, id })}\n`;
}

/** Splits a byte stream into answers; a line that is not an answer (console noise, a torn line) is reported, not thrown. */
export class AnswerSplitter {
  // Answers can be megabytes (files coming out): keep the pieces, join once per line.
  private parts: string[] = [];

  push(chunk: string, onAnswer: (a: Answer) => void, onJunk: (line: string) => void): void {
    let rest = chunk;
    let nl: number;
    while ((nl = rest.indexOf("\n")) >= 0) {
      this.parts.push(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
      const line = this.parts.join("").trim();
      this.parts = [];
      if (!line) continue;
      try {
        const parsed = JSON.parse(line) as unknown;
        if (typeof parsed === "object" && parsed !== null && "ok" in parsed && "id" in parsed) onAnswer(parsed as Answer);
        else onJunk(line);
      } catch {
        onJunk(line);
      }
    }
    if (rest) this.parts.push(rest);
  }
}
