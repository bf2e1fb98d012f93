// Everything a run needs before the first cell: the engine, images per version, the container
// security profile, `criu check` per version and the programs compiled per image.
import { availableParallelism } from "node:os";
import { CriuContainer } from "../executors/criu-container.js";
import { currentRunId } from "../platform/labels.js";
import { sweepOrphans } from "../executors/sweep.js";
import { BuildError } from "../platform/errors.js";
import { ensureEngine } from "../host/docker-engine.js";
import { describeProfile, probeSecurityProfile, type SecurityProfile } from "../host/security-profile.js";
import { configureTestcontainers } from "../host/testcontainers-env.js";
import { ensureCriuImage } from "../images/criu-image.js";
import { imageId } from "../platform/docker-cli.js";
import type { CriuVersion } from "../images/versions.js";
import type { KernelSpec } from "../kernels/kernel-spec.js";
import { defaultResultsRoot, runDirOf } from "../results/run-store.js";
import { criuCheckOn } from "./criu-check.js";
import { mapLimited } from "../platform/map-limited.js";
import { prepareKernels } from "./prepare-kernels.js";
import { compilePrograms, listPrograms, type ProgramBuild } from "./programs.js";
import type { CriuCheckSummary, RunPlan, VersionPlan } from "./run-plan.js";

function say(line: string): void {
  process.stderr.write(`criu-lab: ${line}\n`);
}

async function criuCheck(image: string, profile: SecurityProfile): Promise<CriuCheckSummary> {
  await using c = await new CriuContainer(image, "check").withSecurityProfile(profile).start();
  return await criuCheckOn(c);
}

type ImageResult = { version: string; image?: string; semver?: string; builtNow?: boolean; imageError?: string; buildError?: VersionPlan["buildError"] };

export interface PrepareOptions {
  /** Only these programs are compiled (a bisect step needs one); default: every program. */
  programs?: readonly string[];
  /** Where their sources are, when not the project's programs/ (criu-lab repro). */
  programsDir?: string;
}

export async function prepareRun(
  versions: readonly CriuVersion[],
  kernelSpecs: readonly KernelSpec[] = [{ kind: "host", name: "host" }],
  options: PrepareOptions = {},
): Promise<RunPlan> {
  const onHost = kernelSpecs.some((k) => k.kind === "host");
  configureTestcontainers();
  const engine = await ensureEngine();
  const swept = await sweepOrphans();
  if (swept > 0) say(`removed ${swept} container(s) or VM(s) left by an earlier run that was killed`);
  const started = Date.now();
  const images = await mapLimited(versions, 2, async (v): Promise<ImageResult> => {
    try {
      const img = await ensureCriuImage(v);
      return { version: v.version, image: img.tag, semver: img.semver, builtNow: img.builtNow };
    } catch (e) {
      if (e instanceof BuildError) {
        say(`CRIU ${v.version}: build-error: ${e.message}`);
        return { version: v.version, buildError: { reason: e.message, logTail: e.logTail } };
      }
      const reason = e instanceof Error ? e.message : String(e);
      say(`CRIU ${v.version}: no image: ${reason}`);
      return { version: v.version, imageError: reason };
    }
  });
  say(`images ready for ${images.filter((i) => i.image).map((i) => i.version).join(", ") || "no version"} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const firstImage = images.find((i) => i.image)?.image;
  // Only build errors (a commit that does not build): no container will run, the cells say why.
  if (!firstImage && images.some((i) => !i.buildError)) {
    throw new Error(`no CRIU image could be made: ${images.map((i) => i.imageError ?? i.buildError?.reason).join("; ")}`);
  }
  const profile = firstImage ? await probeSecurityProfile(firstImage) : undefined;
  if (profile) say(`containers run ${describeProfile(profile)}`);
  const programs = options.programs ?? (await listPrograms());
  const plans: VersionPlan[] = await mapLimited(images, 2, async (img): Promise<VersionPlan> => {
    if (img.buildError) return { version: img.version, buildError: img.buildError, programs: {} };
    if (!img.image) return { version: img.version, unavailable: img.imageError, programs: {} };
    let check: CriuCheckSummary | undefined;
    let builds: ProgramBuild[];
    try {
      // The host's `criu check` speaks only for host-kernel cells; VM kernels check in their VMs.
      [check, builds] = await Promise.all([
        onHost ? criuCheck(img.image, profile!) : Promise.resolve(undefined),
        compilePrograms(img.image, await imageId(img.image), programs, { dir: options.programsDir }),
      ]);
    } catch (e) {
      const reason = `preparing CRIU ${img.version} failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
      say(reason);
      return { version: img.version, semver: img.semver, image: img.image, unavailable: reason, programs: {} };
    }
    if (check) say(`CRIU ${img.version}: criu check: ${check.ok ? "ok" : check.unsupported ? `unsupported (${check.summary})` : `failed (${check.summary})`}`);
    return { version: img.version, semver: img.semver, builtNow: img.builtNow, image: img.image, ...(check ? { check } : {}), programs: Object.fromEntries(builds.map((b) => [b.program, b])) };
  });
  const runId = currentRunId();
  const runDir = runDirOf(defaultResultsRoot(), runId);
  const parallel = Number(process.env.CRIU_LAB_PARALLEL ?? availableParallelism());
  const kernels = await prepareKernels(kernelSpecs, plans, engine.kernel, parallel, runId, runDir);
  return { runId, runDir, kernel: engine.kernel, engine: engine.serverVersion, profile, parallel, versions: plans, kernels };
}
