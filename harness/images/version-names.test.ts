import { describe, expect, test } from "vitest";
import { CriuLabError } from "../platform/errors.js";
import { parseReleaseTags } from "./source/release-tags.js";
import { parseVersionRequest, releasesOf, resolveRequests, type ReleaseCatalog } from "./version-names.js";
import { CRIU_VERSIONS } from "./versions.js";

// `git for-each-ref` output as an upstream clone gives it: annotated tags (object, then peeled commit),
// lightweight ones, release candidates and releases too old for criu-lab's builders.
const sha = (n: number) => n.toString(16).padStart(40, "0");
const FOR_EACH_REF = [
  `v4.2 ${sha(1)} ${sha(101)}`, `v3.13 ${sha(2)} ${sha(102)}`, `v3.14 ${sha(3)} ${sha(103)}`, `v1.3-rc1 ${sha(4)} ${sha(104)}`,
  `v3.15 ${sha(5)} ${sha(105)}`, `v3.16 ${sha(6)} ${sha(106)}`, `v3.16.1 ${sha(7)} ${sha(107)}`, `v3.17 ${sha(8)} ${sha(108)}`,
  `v3.17.1 ${sha(9)} ${sha(109)}`, `v3.18 ${sha(10)} ${sha(110)}`, `v3.19 ${sha(11)} ${sha(111)}`, `v4.0 ${sha(12)} ${sha(112)}`,
  `v4.1 ${sha(13)} ${sha(113)}`, `v4.1.1 ${sha(14)}`, `init ${sha(15)}`,
].join("\n");

const repo = "/src/criu";
const catalog: ReleaseCatalog = { repo, tags: parseReleaseTags(FOR_EACH_REF), packaged: CRIU_VERSIONS };
const resolve = (names: string[], c: ReleaseCatalog = catalog) => resolveRequests(names.map(parseVersionRequest), c);
const names = (list: string[], c?: ReleaseCatalog) => resolve(list, c).map((v) => v.version);

function oneLineError(work: () => unknown): string {
  try {
    work();
  } catch (e) {
    expect(e).toBeInstanceOf(CriuLabError);
    const line = (e as CriuLabError).oneLine();
    expect(line).not.toContain("\n");
    return line;
  }
  return expect.unreachable("no error");
}

describe("release tags", () => {
  test("only vX.Y[.Z] tags are releases, in semver order, each with its commit (peeled for annotated tags)", () => {
    const tags = parseReleaseTags(FOR_EACH_REF);
    expect(tags.map((t) => t.name)).toEqual(["3.13", "3.14", "3.15", "3.16", "3.16.1", "3.17", "3.17.1", "3.18", "3.19", "4.0", "4.1", "4.1.1", "4.2"]);
    expect(tags.find((t) => t.name === "3.14")?.commit).toBe(sha(103));
    expect(tags.find((t) => t.name === "4.1.1")?.commit).toBe(sha(14));
  });

  test("every release from 3.14 on; Debian's package wins over the tag of the same version", () => {
    expect(releasesOf(catalog).map((v) => v.version)).toEqual(["3.14", "3.15", "3.16", "3.16.1", "3.17", "3.17.1", "3.18", "3.19", "4.0", "4.1", "4.1.1", "4.2", "4.2.1"]);
    const [v317, v316] = resolve(["3.17.1", "v3.16.1"]);
    expect(v317?.source).toEqual(CRIU_VERSIONS[0]!.source);
    expect(v316?.source).toEqual({ kind: "git", repo, ref: "v3.16.1" });
  });
});

describe("--versions ranges", () => {
  test.each<[string, string[]]>([
    [">=3.14 <4.0", ["3.14", "3.15", "3.16", "3.16.1", "3.17", "3.17.1", "3.18", "3.19"]],
    ["all", ["3.14", "3.15", "3.16", "3.16.1", "3.17", "3.17.1", "3.18", "3.19", "4.0", "4.1", "4.1.1", "4.2", "4.2.1"]],
    ["~3.16", ["3.16", "3.16.1"]],
    ["^4.1", ["4.1", "4.1.1", "4.2", "4.2.1"]],
    [">=4.1 <4.2 || 3.19", ["3.19", "4.1", "4.1.1"]],
  ])("%s", (range, want) => {
    expect(names([range])).toEqual(want);
  });

  test("ranges and names mix, each version once, in the order asked", () => {
    expect(names(["4.1.1", ">=4.0 <4.2", "git:v4.0"])).toEqual(["4.1.1", "4.0", "4.1", "git:v4.0"]);
  });

  test("an empty range, an unknown name and a too old release are one line that lists what exists", () => {
    const empty = oneLineError(() => resolve([">=5.0"]));
    expect(empty).toMatch(/^no CRIU release matches ">=5.0" \(criu-lab can offer 3\.17\.1 \(Debian bookworm package\).*releases 3\.14, 3\.15, .*, 4\.2, 4\.2\.1 \(tags of \/src\/criu\)/);
    expect(oneLineError(() => resolve(["3.99"]))).toMatch(/^unknown CRIU version "3.99" \(criu-lab can offer .*releases 3\.14/);
    expect(oneLineError(() => resolve(["four"]))).toMatch(/^unknown CRIU version "four"/);
    expect(oneLineError(() => resolve(["3.13"]))).toMatch(/older than 3\.14.*git:v3\.13/);
  });

  test("tags that cannot be read: packaged names still resolve, others say why", () => {
    const offline: ReleaseCatalog = { ...catalog, tags: { unreadable: "cannot clone https://github.com/checkpoint-restore/criu.git: Could not resolve host" } };
    expect(names(["4.1.1"], offline)).toEqual(["4.1.1"]);
    expect(oneLineError(() => resolve(["3.16.1"], offline))).toMatch(/unknown CRIU version "3.16.1".*3\.17\.1.*could not be read: cannot clone .*Could not resolve host/);
  });
});

describe("--base", () => {
  const based: ReleaseCatalog = { repo, tags: parseReleaseTags(FOR_EACH_REF), packaged: [], base: "ubuntu:22.04" };

  test("every release is built from its tag inside the base; distro is the base's own package", () => {
    const [v317, distro] = resolve(["3.17.1", "distro"], based);
    expect(v317?.source).toEqual({ kind: "git", repo, ref: "v3.17.1", base: "ubuntu:22.04" });
    expect(distro).toEqual({ version: "distro", source: { kind: "distro", base: "ubuntu:22.04" } });
    expect(names(["all"], based).at(-1)).toBe("4.2");
  });

  test("distro without --base, and a Debian-only version with --base, are one-line errors", () => {
    expect(oneLineError(() => resolve(["distro"]))).toMatch(/no --base was given/);
    expect(oneLineError(() => resolve(["4.2.1"], based))).toMatch(/unknown CRIU version "4.2.1" \(criu-lab can offer distro \(ubuntu:22.04's own package\)/);
  });
});
