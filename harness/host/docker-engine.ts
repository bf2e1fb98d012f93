// Finds the Docker engine the user has, or starts Debian's dockerd with the flags these hosts need;
// an engine criu-lab started for a DOCKER_HOST (criu-lab engine start) and that has died is started again.
import { HostError } from "../platform/errors.js";
import { ensureCacheDir } from "../platform/cache-dir.js";
import { ensureDebianPackages, isDebianLikeRoot } from "../platform/debian-packages.js";
import { DOCKERD_FLAGS, spawnDockerd } from "./dockerd.js";
import { pingEngine, waitForEngine, type EngineInfo } from "./engine-ping.js";
import { recordedEngine, startPrivateEngine } from "./private-engine.js";

export { DOCKERD_FLAGS } from "./dockerd.js";
export { engineEndpoint, pingEngine, type EngineInfo } from "./engine-ping.js";

async function startDockerd(): Promise<string> {
  const logFile = `${await ensureCacheDir("engine")}/dockerd.log`;
  process.stderr.write(`criu-lab: starting dockerd ${DOCKERD_FLAGS.join(" ")} (log: ${logFile})\n`);
  spawnDockerd({ logFile });
  return logFile;
}

/** The engine at DOCKER_HOST when it answers, or criu-lab's own engine there started again. */
async function engineAtDockerHost(dockerHost: string): Promise<EngineInfo> {
  const own = recordedEngine(dockerHost);
  if (!own) {
    throw new HostError(`the Docker engine at DOCKER_HOST=${dockerHost} does not answer`, {
      hint: "start that engine, or unset DOCKER_HOST to let criu-lab start a local one",
    });
  }
  process.stderr.write(`criu-lab: the engine at DOCKER_HOST=${dockerHost} (criu-lab's own, in ${own.dir}) does not answer; starting it again (log: ${own.log})\n`);
  return startPrivateEngine(own);
}

/** The engine the user has, or one started here; throws with what to do when neither works. */
export async function ensureEngine(): Promise<EngineInfo> {
  const running = await pingEngine();
  if (running) return running;
  if (process.env.DOCKER_HOST) return engineAtDockerHost(process.env.DOCKER_HOST);
  if (!isDebianLikeRoot()) {
    throw new HostError("no Docker engine answers at /var/run/docker.sock", {
      hint: "start Docker (dockerd), or run criu-lab as root on Debian so it can install and start docker.io",
    });
  }
  await ensureDebianPackages(["docker.io"], "the Docker engine");
  const logFile = await startDockerd();
  const info = await waitForEngine({ seconds: 60 });
  if (info) return { ...info, startedLog: logFile };
  throw new HostError(`dockerd did not answer within 60 s`, { hint: `read ${logFile}` });
}
