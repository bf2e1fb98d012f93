// A job killed in the middle of an image recipe: it builds a packages image and SIGKILLs itself in the
// recipe's last step, after docker commit and before the image gets its tag. argv: TAG SUITE PACKAGE
import { baseRootfs, ensureBaseImage } from "../../harness/images/base-image.js";
import { ensurePackagesImage } from "../../harness/images/packages-image.js";
import type { DebianSuite } from "../../harness/platform/suites.js";

const [tag, suite, pkg] = process.argv.slice(2) as [string, DebianSuite, string];
const base = await ensureBaseImage(suite);
await ensurePackagesImage({
  from: base.tag,
  rootfs: () => baseRootfs(base),
  packages: [pkg],
  tag,
  labels: { "criu-lab.test": "half-made" },
  verify: async (image) => {
    process.stdout.write(`committed ${image}\n`);
    process.kill(process.pid, "SIGKILL");
  },
});
