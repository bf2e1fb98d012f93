// `criu-lab versions`: what each CRIU name resolves to and where it comes from (a Debian package, a
// release tag built from source, the base image's own package). It builds nothing.
import { parseArgs } from "node:util";
import { builderOrder } from "../images/source/source-build.js";
import { releaseSemver } from "../images/source/release-tags.js";
import { releaseCatalog, resolveVersionNames } from "../images/resolve-versions.js";
import { releasesOf } from "../images/version-names.js";
import type { CriuVersion } from "../images/versions.js";
import { commaList } from "./args.js";

function where(v: CriuVersion, commits: Map<string, string>): string {
  const s = v.source;
  switch (s.kind) {
    case "debian-package":
      return `Debian ${s.suite} package (${s.packages.join(", ")})`;
    case "distro":
      return `${s.base}'s own criu package`;
    case "deb-src":
      return `Debian ${s.suite}'s source package ${s.upstream}, built ${s.base ? `inside ${s.base}` : `in ${builderOrder(s.upstream.split(".").map(Number) as [number, number])[0]}`}`;
    case "git": {
      const commit = commits.get(s.ref);
      const what = commit ? `tag ${s.ref} (${commit.slice(0, 12)})` : s.ref;
      const [major = 4, minor = 0] = releaseSemver(v.version).split(".").map(Number);
      const builder = s.base ? `inside ${s.base}` : /^v\d/.test(s.ref) ? `in ${builderOrder([major, minor])[0]}` : "in the builder of its era";
      return `${what} of ${s.repo}, built ${builder}`;
    }
  }
}

export async function versionsCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { versions: { type: "string" }, "criu-repo": { type: "string" }, base: { type: "string" } }, strict: true });
  const options = { criuRepo: values["criu-repo"], base: values.base };
  // Names first: one that is unknown is a one-line error before anything is read.
  const list = values.versions ? await resolveVersionNames(commaList(values.versions), options) : [];
  const catalog = await releaseCatalog(options);
  const commits = new Map("unreadable" in catalog.tags ? [] : catalog.tags.map((t) => [t.tag, t.commit]));
  if (!values.versions) list.push(...(options.base ? await resolveVersionNames(["distro"], options) : []), ...releasesOf(catalog));
  const width = Math.max(8, ...list.map((v) => v.version.length)) + 2;
  process.stdout.write(`${"CRIU".padEnd(width)}where it comes from\n`);
  for (const v of list) process.stdout.write(`${v.version.padEnd(width)}${where(v, commits)}\n`);
  if ("unreadable" in catalog.tags) process.stderr.write(`criu-lab: release tags of ${catalog.repo} could not be read (${catalog.tags.unreadable}); pass --criu-repo with a CRIU clone\n`);
  if (!values.versions) process.stdout.write(`\nalso: ranges (">=3.14 <4.0", all), deb-src:<packaged version>, git:<tag, branch or commit>${options.base ? "" : ", distro with --base IMAGE"}\n`);
  return 0;
}
