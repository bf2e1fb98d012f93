#!/usr/bin/env node
// Runs the TypeScript CLI directly (no build step): tsx registers the loader for this process.
let register;
try {
  ({ register } = await import("tsx/esm/api"));
} catch (e) {
  if (e?.code !== "ERR_MODULE_NOT_FOUND") throw e;
  // A fresh clone: `npm run matrix` and `npm test` install them; this file alone does not.
  process.stderr.write("criu-lab: its npm packages are not installed: run `npm ci` in the clone (or `npm run matrix`, which does)\n");
  process.exit(2);
}
register();
await import("../harness/cli/main.ts");
