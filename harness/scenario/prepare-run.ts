// Everything a run needs before the first cell: the engine, images per version, the container
// security profile, `criu check` per version and the programs compiled per image.
import { CriuContainer } from "../executors/criu-container.js";
import { currentRunId } from "../platform/labels.js";
import { sweepOrphans } from "../executors/sweep.js";
import { BuildError } from "../platform/errors.js";
import { pruneCaches } from "../caches/cache-budget.js";
import { ensureEngine } from "../host/docker-engine.js";
import { describeProfile, securityProfileOf, type SecurityProfile } from "../host/security-profile.js";
import { configureTestcontainers } from "../host/testcontainers-env.js";
import { ensureCriuImage, IMAGES_AT_ONCE, type InstallableBuild } from "../images/criu-image.js";
import { imageId } from "../platform/docker-cli.js";
import type { CriuVersion } from "../images/versions.js";
import { runDirOf } from "../results/run-store.js";
import { cachedCriuCheck } from "./check-cache.js";
import { criuCheckOn } from "./criu-check.js";
import { mapLimited } from "../platform/map-limited.js";
import { prepareKernels, type KernelsOptions } from "./prepare-kernels.js";
import { compilePrograms, listPrograms, type ProgramBuild } from "./programs.js";
import type { CriuCheckSummary, RunPlan, VersionPlan } from "./run-plan.js";
import type { RunOptions } from "./run-options.js";
import { say } from "../platform/say.js";

async function criuCheck(image: string, profile: SecurityProfile): Promise<CriuCheckSummary> {
  return cachedCriuCheck({ imageId: await imageId(image), profile }, async () => {
    await using c = await new CriuContainer(image, "check").withSecurityProfile(profile).start();
    return await criuCheckOn(c);
  });
}

type ImageResult =
  | { state: "image"; version: string; image: string; semver: string; builtNow: boolean; buildMs: number; installable?: InstallableBuild }
  | { state: "build-error"; version: string; reason: string; logTail: string[] }
  | { state: "unavailable"; version: string; reason: string };

export type PrepareOptions = Pick<RunOptions, "versions" | "kernels" | "programs" | "parallel" | "resultsRoot" | "vm"> & {
  /** Where the programs' sources are, when not the project's programs/ (criu-lab repro). */
  programsDir?: string;
  /** Keep the VMs for later processes of the run (a bisect's steps), and use those kept before. */
  keepVms?: KernelsOptions["keep"];
};

async function makeImage(v: CriuVersion): Promise<ImageResult> {
  try {
    const img = await ensureCriuImage(v);
    return { state: "image", version: v.version, image: img.tag, semver: img.semver, builtNow: img.builtNow ?? false, buildMs: img.buildMs ?? 0, ...(img.installable ? { installable: img.installable } : {}) };
  } catch (e) {
    if (e instanceof BuildError) {
      say(`CRIU ${v.version}: build-error: ${e.message}`);
      return { state: "build-error", version: v.version, reason: e.message, logTail: e.logTail };
    }
    const reason = e instanceof Error ? e.message : String(e);
    say(`CRIU ${v.version}: no image: ${reason}`);
    return { state: "unavailable", version: v.version, reason };
  }
}

async function prepareVersion(img: ImageResult, ctx: { onHost: boolean; profile?: SecurityProfile; programs: readonly string[]; programsDir?: string }): Promise<VersionPlan> {
  const name = { version: img.version, semver: img.state === "image" ? img.semver : img.version };
  if (img.state === "build-error") return { ...name, state: "build-error", reason: img.reason, logTail: img.logTail };
  if (img.state === "unavailable") return { ...name, state: "unavailable", reason: img.reason };
  try {
    // The host's `criu check` speaks only for host-kernel cells; VM kernels check in their VMs.
    // A source build's image is its userland plus criu: programs compiled there serve every build.
    const compileIn = img.installable?.userland ?? img.image;
    const [check, builds] = await Promise.all([
      ctx.onHost && ctx.profile ? criuCheck(img.image, ctx.profile) : Promise.resolve(undefined),
      compilePrograms(compileIn, await imageId(compileIn), ctx.programs, { dir: ctx.programsDir }),
    ]);
    if (check) say(`CRIU ${img.version}: criu check: ${check.ok ? "ok" : check.unsupported ? `unsupported (${check.summary})` : `failed (${check.summary})`}`);
    const programs = Object.fromEntries(builds.map((b) => [b.program, b]));
    return { ...name, state: "ready", image: img.image, builtNow: img.builtNow, buildMs: img.buildMs, ...(check ? { check } : {}), programs, ...(img.installable ? { installable: img.installable } : {}) };
  } catch (e) {
    const reason = `preparing CRIU ${img.version} failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    say(reason);
    return { ...name, state: "unavailable", reason };
  }
}

export async function prepareRun(options: PrepareOptions): Promise<RunPlan> {
  const onHost = options.kernels.some((k) => k.kind === "host");
  configureTestcontainers();
  const engine = await ensureEngine();
  const swept = await sweepOrphans();
  if (swept > 0) say(`removed ${swept} container(s) or VM(s) left by an earlier run that was killed`);
  const started = Date.now();
  const images = await mapLimited(options.versions, IMAGES_AT_ONCE, makeImage);
  const ready = images.filter((i) => i.state === "image");
  say(`images ready for ${ready.map((i) => i.version).join(", ") || "no version"} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  // Only build errors (a commit that does not build): no container will run, the cells say why.
  if (ready.length === 0 && images.some((i) => i.state === "unavailable")) {
    throw new Error(`no CRIU image could be made: ${images.map((i) => ("reason" in i ? i.reason : "")).join("; ")}`);
  }
  // Only containers need it: a run on VM kernels alone (a bisect step there) starts none.
  const profile = onHost && ready[0] ? await securityProfileOf(ready[0].image) : undefined;
  if (profile) say(`containers run ${describeProfile(profile)}`);
  const programs = options.programs ?? (await listPrograms());
  const versions = await mapLimited(images, 2, (img) => prepareVersion(img, { onHost, profile, programs, programsDir: options.programsDir }));
  const runId = currentRunId();
  const runDir = runDirOf(options.resultsRoot, runId);
  const kernels = await prepareKernels({ specs: options.kernels, versions, hostRelease: engine.kernel, parallel: options.parallel, runId, runDir, vm: options.vm, ...(options.keepVms ? { keep: options.keepVms } : {}) });
  // The cache budget, now that this run's own entries are made and in use (so they stay).
  const pruned = await pruneCaches();
  if (pruned) say(pruned);
  return { runId, runDir, kernel: engine.kernel, engine: engine.serverVersion, profile, parallel: options.parallel, versions, kernels, repeat: 1 };
}
