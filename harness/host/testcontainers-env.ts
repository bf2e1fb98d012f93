// testcontainers must work with an engine that has no bridge network and no pullable Ryuk image.
export function configureTestcontainers(env: NodeJS.ProcessEnv = process.env): void {
  // With --bridge=none testcontainers cannot find a gateway; everything is local anyway.
  env.TESTCONTAINERS_HOST_OVERRIDE ??= "localhost";
  // Ryuk cannot be pulled: criu-lab labels its containers and removes them itself (executors/sweep).
  env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
}
