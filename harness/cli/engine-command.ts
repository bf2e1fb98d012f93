// `criu-lab engine start|stop DIR`: a Docker engine of criu-lab's own, everything of it in DIR, used
// through DOCKER_HOST; criu-lab starts it again when it finds it dead (harness/host/private-engine.ts).
import { parseArgs } from "node:util";
import { InputError } from "../platform/errors.js";
import { ensureDebianPackages, isDebianLikeRoot } from "../platform/debian-packages.js";
import { privateEngine, startPrivateEngine, stopPrivateEngine } from "../host/private-engine.js";


export async function engineCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { purge: { type: "boolean" } }, allowPositionals: true, strict: true });
  const [action, dir, ...extra] = positionals;
  if ((action !== "start" && action !== "stop") || !dir || extra.length > 0) {
    throw new InputError(`engine ${positionals.join(" ") || "(nothing)"}: expected start DIR or stop DIR`, { hint: "see criu-lab engine --help" });
  }
  if (action === "stop") {
    await stopPrivateEngine(dir, { purge: values.purge ?? false });
    process.stderr.write(`criu-lab: stopped the engine in ${privateEngine(dir).dir}${values.purge ? " and removed it" : ""}\n`);
    return 0;
  }
  if (values.purge) throw new InputError("--purge goes with engine stop");
  if (isDebianLikeRoot()) await ensureDebianPackages(["docker.io"], "the Docker engine");
  const engine = privateEngine(dir);
  const info = await startPrivateEngine(engine);
  process.stderr.write(`criu-lab: engine ${info.serverVersion} answers in ${engine.dir} (log: ${engine.log})\n`);
  process.stdout.write(`DOCKER_HOST=${engine.dockerHost}\n`);
  return 0;
}
