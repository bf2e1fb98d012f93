// `criu-lab setup`: makes the host ready (engine, debootstrap, images), idempotently.
import { ensureEngine } from "../host/docker-engine.js";
import { configureTestcontainers } from "../host/testcontainers-env.js";
import { ensureCriuImage, IMAGES_AT_ONCE } from "../images/criu-image.js";
import { pruneStaleImages } from "../images/prune.js";
import { resolveVersionNames } from "../images/resolve-versions.js";
import { mapLimited } from "../platform/map-limited.js";
import { commaList } from "./args.js";
import { parseArgs } from "node:util";

export async function setupCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { versions: { type: "string" }, "criu-repo": { type: "string" }, base: { type: "string" } }, strict: true });
  const versions = await resolveVersionNames(commaList(values.versions), { criuRepo: values["criu-repo"], base: values.base });
  configureTestcontainers();
  const engine = await ensureEngine();
  process.stderr.write(`criu-lab: Docker engine ${engine.serverVersion} on kernel ${engine.kernel}\n`);
  const started = Date.now();
  const images = await mapLimited(versions, IMAGES_AT_ONCE, ensureCriuImage);
  for (const i of images) process.stderr.write(`criu-lab: CRIU ${i.version}: ${i.tag}\n`);
  const pruned = await pruneStaleImages();
  if (pruned.length > 0) process.stderr.write(`criu-lab: removed ${pruned.length} image(s) of older recipes\n`);
  process.stderr.write(`criu-lab: setup done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}
