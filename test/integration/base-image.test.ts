// --base with an image the engine has under a name this test gives it (criu-lab's bookworm base,
// tagged criu-lab-test/debian:bookworm): CRIU from the image's own package (distro), and CRIU built
// from source inside it with its own toolchain (Debian's 4.2.1 source, which criu-lab would otherwise
// build in trixie).
import { execa } from "execa";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { ensureBaseImage } from "../../harness/images/base-image.js";
import { criuLab, labelledContainers, readSummary } from "../support/cli.js";

const BASE = "criu-lab-test/debian:bookworm";

beforeAll(async () => {
  const base = await ensureBaseImage("bookworm");
  await execa("docker", ["tag", base.tag, BASE]);
});

test("repro on a named base: its own criu package, and CRIU built inside it", async () => {
  const results = await mkdtemp(join(tmpdir(), "criu-lab-base-"));
  const runId = `test-base-${process.pid}`;
  const r = await criuLab(["repro", "--base", BASE, "--versions", "distro,deb-src:4.2.1", "--run", "sleep 1000", "--cycles", "1", "--results", results], { CRIU_LAB_RUN_ID: runId });
  expect(r.exitCode, r.all).toBe(0);
  const cells = (await readSummary(results)).cells;
  const built = cells.find((c) => c.criuVersion === "deb-src:4.2.1");
  const distro = cells.find((c) => c.criuVersion === "distro");
  expect(built?.outcome, built?.reason).toBe("pass");
  expect(built?.image).toMatch(/^criu-lab\/criu-src:debsrc-sid-4\.2\.1-/);
  // bookworm's criu is 3.17.1: on kernels >= 6.13 it cannot run (vdso), elsewhere it passes.
  expect(["pass", "unsupported"]).toContain(distro?.outcome);
  // Both ran in the user's image: bookworm's userland, and the source build is 4.2.1 in it.
  expect(r.stdout).toMatch(/^\| distro \| host \| [^|]+ \| Debian GNU\/Linux 12 \(bookworm\) \| glibc 2\.36 \| Version: 3\.17\.1 \|$/m);
  expect(r.stdout).toMatch(/^\| deb-src:4\.2\.1 \| host \| [^|]+ \| Debian GNU\/Linux 12 \(bookworm\) \| glibc 2\.36 \| Version: 4\.2\.1 \|$/m);
  const labels = await execa("docker", ["image", "inspect", "--format", "{{index .Config.Labels \"criu-lab.user-base\"}}", built!.image!]);
  expect(labels.stdout.trim()).toBe(BASE);
  expect(await labelledContainers(`label=criu-lab.run=${runId}`)).toEqual([]);
});

test("a base image the engine does not have and cannot pull is one line", async () => {
  const r = await criuLab(["repro", "--base", "criu-lab-test/no-such-image:1", "--versions", "distro", "--run", "sleep 1"]);
  expect(r.exitCode).toBe(2);
  expect(r.stderr.split("\n").filter((l) => l.startsWith("criu-lab: --base"))).toEqual([expect.stringMatching(/^criu-lab: --base criu-lab-test\/no-such-image:1: the engine does not have this image and cannot pull it/)]);
});
