// One line for a cell that the harness could not run: when the Docker engine itself is gone, that
// is what the cell says (naming the engine), not the socket error dockerode happened to hit.
import { engineEndpoint, pingEngine } from "../host/docker-engine.js";
import { HostError } from "../platform/errors.js";

function firstLine(e: unknown): string {
  return e instanceof Error ? (e.message.split("\n")[0] ?? e.name) : String(e).split("\n")[0] ?? "";
}

export async function harnessErrorReason(e: unknown): Promise<string> {
  const detail = firstLine(e);
  // Already said for the user (the engine check before a container starts, among others).
  if (e instanceof HostError) return detail;
  if (await pingEngine({ timeoutMs: 5_000 })) return detail;
  return `the Docker engine at ${engineEndpoint()} stopped answering (${detail})`;
}
