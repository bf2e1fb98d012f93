// Step-by-step tracing through `debug` namespaces: DEBUG=criu-lab* shows what the harness does.
import createDebug from "debug";

export function logger(concern: string): createDebug.Debugger {
  return createDebug(`criu-lab:${concern}`);
}
