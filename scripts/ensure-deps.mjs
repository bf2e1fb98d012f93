// Lets `npm test` and `npm run matrix` work on a fresh clone: installs node_modules from the
// lockfile when they are missing or older than it. Node built-ins only (nothing is installed yet).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const stamp = "node_modules/.criu-lab-lock-sha256";
const want = createHash("sha256").update(readFileSync("package-lock.json")).digest("hex");
const have = existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : "";
if (have !== want || !existsSync("node_modules/.bin/vitest")) {
  process.stderr.write("criu-lab: installing npm dependencies from package-lock.json (npm ci)\n");
  // `npm ci`, never `npm install`: it takes the lockfile as it is and never rewrites it, so the
  // clone stays clean. The lockfile holds every platform's optional builds (made from scratch).
  execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  writeFileSync(stamp, `${want}\n`);
}
