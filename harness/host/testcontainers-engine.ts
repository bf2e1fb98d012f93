// testcontainers picks its engine once per process, and when DOCKER_HOST does not answer it falls
// back to /var/run/docker.sock without a word: a cell would run on an engine the user did not name.
// This refuses that: with DOCKER_HOST on a unix socket, testcontainers must use that socket.
import { getContainerRuntimeClient } from "testcontainers";
import { HostError } from "../platform/errors.js";

export async function checkTestcontainersEngine(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dockerHost = env.DOCKER_HOST;
  // The override changes what testcontainers reports, not which engine it uses: nothing to compare.
  if (!dockerHost?.startsWith("unix://") || env.TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE) return;
  const wanted = new URL(dockerHost).pathname;
  const used = (await getContainerRuntimeClient()).info.containerRuntime.remoteSocketPath;
  if (used !== wanted) {
    throw new HostError(`the Docker engine at ${dockerHost} stopped answering (testcontainers would use ${used} instead)`, {
      hint: "start that engine again (criu-lab does, for an engine it started), then run again",
    });
  }
}
