// Every command's usage text, in one light module: `criu-lab X --help` loads nothing else.
import { DEFAULT_KEEP_SIZE } from "../caches/size-text.js";
import { DEFAULT_SHARDS, DEFAULT_WORKFLOW_PATH } from "../ci/workflow-options.js";
export const USAGES = {
  bisect: `usage: criu-lab bisect --criu-repo R --good A --bad B --scenario S [--kernel K] [--results DIR]
       criu-lab bisect --criu-repo R --old A --new B --scenario S --fixed | --supported [--kernel K]
       criu-lab bisect --criu-repo R --releases [--versions RANGE] --scenario S [--fixed | --supported] [--kernel K]

Finds the first commit between A and B where scenario S starts failing (or, with --fixed, passing;
with --supported, running at all on this kernel). Both ends are checked first; each step builds
CRIU at the commit (cached) and runs S once, in a fresh container or, with --kernel, in a VM of that
kernel. With --releases (or no --good/--bad) it first finds the two adjacent releases between which
S changes, packaged ones first, then bisects the commits between them. Writes results/bisect-<run-id>/.`,
  setup: `usage: criu-lab setup [--versions LIST]

Starts the Docker engine where none answers and makes the base and CRIU images of the versions
(default: the packaged ones), idempotently; removes images of older recipes.`,
  doctor: `usage: criu-lab doctor

What this host offers: engine, kernel, container security profile, CRIU versions, VM kernels,
qemu and KVM or TCG; and what is missing, with what to do.`,
  new: `usage: criu-lab new NAME [--title T]

Writes scenarios/NAME.scenario.ts and programs/NAME.c (NAME in kebab-case; the program's name uses
underscores) from templates; fill in the TODOs and run criu-lab matrix --scenarios NAME.`,
  "bisect-step": `usage: criu-lab bisect-step --scenario S --mode regression|fix --criu-repo R [--kernel K] [--record FILE] [--logs DIR [--keep-vms]]

What \`git bisect run\` calls at each commit (criu-lab bisect sets it up): builds CRIU at HEAD,
runs S once, exits 0 (old), 1 (new) or 125 (skip). --keep-vms: use the VM an earlier step of the
bisect kept booted (and keep it); criu-lab bisect kills them at its end.`,
  repro: `usage: criu-lab repro (--run "CMD" | --program FILE.c) [--shell-job] [--criu-ns] [--migrate]
                      [--dump-args "ARGS"] [--restore-args "ARGS"] [--setup CMD]... [--before-restore CMD]...
                      [--check CMD] [--check-timeout S] [--cycles N] [--settle S] [--save NAME]
                      [--versions ...] [--kernels ...] [--criu-repo R] [--base IMAGE] [--results DIR]

Reproduces a bug report without writing a scenario: runs the command (or a plain C program) in each
CRIU version and kernel, dumps and restores it --cycles times, checks it after every restore (with
--check, or: the same process tree, alive), and prints a Markdown block for a CRIU issue: the grid,
the last passing and first failing release, CRIU's Error lines, criu check --all, kernel, distro and
glibc. --save NAME writes it as scenarios/NAME.scenario.ts and programs/NAME.c.`,
  versions: `usage: criu-lab versions [--versions NAMES] [--criu-repo R] [--base IMAGE]

Lists what each CRIU version name resolves to and where it comes from, building nothing: Debian's
packages, the release tags of --criu-repo (upstream by default), ranges (">=3.14 <4.0", all),
deb-src:<version>, git:<ref>, and with --base the image's own package (distro).`,
} as const;

export const MATRIX_USAGE = `usage: criu-lab matrix [options]

Runs scenarios x CRIU versions x kernels; results in <results>/<run-id> and <results>/latest.
Exit 0 when every cell is as expected, 1 when any is not (fail, xpass, build-error, harness-error),
2 on bad input.

  --versions LIST      CRIU versions: 3.17.1,4.1.1,4.2.1 (default); any release by name (3.16.1, v4.0)
                       or range (">=3.14 <4.0", all), built from --criu-repo's tags; deb-src:4.2.1,
                       git:<ref>; with --base, distro (the image's own criu package)
  --base IMAGE         run on this apt-based image (one the engine has, or can pull) instead of Debian's
  --criu-repo PATH|URL the CRIU repository git: versions are built from (default: upstream)
  --kernels LIST       host (default), debian:6.1, debian:<suite>, /path/to/bzImage (qemu VMs)
  --scenarios LIST     scenario names (default: all)
  --results DIR        where runs are written (default: results, or $CRIU_LAB_RESULTS_DIR)
  --parallel N         cells at once (default: one per core)
  --repeat N           run each cell N times; differing outcomes make a cell flaky
  --step-timeout S     kill a CRIU call or scenario command after S seconds (default 300)
  --shard I/N          run shard I of N (cells, balanced; see --durations); merge them with criu-lab merge
  --durations RUN      balance shards by the cell times of an earlier run (its dir or summary.json)
  --baseline RUN       compare with an earlier run at the end (criu-lab compare); exit 1 on a regression`;

export const MERGE_USAGE = `usage: criu-lab merge SHARD_RUN... [--results DIR]
       criu-lab merge --runs RUN... [--results DIR]

Makes one run directory from the runs of \`criu-lab matrix --shard I/N\` (one per shard, each a
results/<run-id> directory or its summary.json): summary.json, summary.md, junit.xml, cells/ and
logs, as a one-machine run of the same matrix writes them. Refuses, in one line, shards of different
plans (versions, kernels, scenarios, criu-lab revision), missing or doubled shards, and missing or
doubled cells. With --runs, any runs are put side by side (batches of versions run one after the
other, say), as long as no cell is in two of them. Writes DIR/<run-id> and DIR/latest (default DIR:
results). Exit as matrix would.`;

export const GC_USAGE = `usage: criu-lab gc [--keep-size SIZE] [--dry-run]

Removes what killed runs left half-made, then whole cache entries (builds, rootfs, VM disks,
kernels, criu-lab's Docker images), least recently used first, until the caches hold at most SIZE
(default ${DEFAULT_KEEP_SIZE}; K, M, G, T are powers of 1024). An entry a running criu-lab uses is
never removed. Every run does the same at its start with CRIU_LAB_CACHE_KEEP_SIZE (default
${DEFAULT_KEEP_SIZE}, "off" to never prune). --dry-run only says what would go.`;

export const ENGINE_USAGE = `usage: criu-lab engine start DIR
       criu-lab engine stop DIR [--purge]

start: runs dockerd (criu-lab's flags) with its socket, data root, exec root, pidfile and log in DIR,
       and prints the DOCKER_HOST that uses it. criu-lab records it there: when a later command finds
       it dead (DOCKER_HOST pointing at DIR/docker.sock), it starts it again with the same flags.
stop:  stops it (its containers too) and forgets it; --purge also deletes DIR, images and all.`;

export const CI_USAGE = `usage: criu-lab ci github [--versions V,...] [--kernels K,...] [--scenarios S,...] [--shards N] [--out PATH]

  Writes a GitHub Actions workflow (default: ${DEFAULT_WORKFLOW_PATH} in the project) that runs
  doctor and the seed cell, then the matrix in N shards (default ${DEFAULT_SHARDS}) on ubuntu-24.04 runners,
  merges them (summary.md to the job summary, junit.xml to the checks), compares the result with
  the last successful run on the default branch, and ends in one all-done job for branch protection.
  --versions, --kernels and --scenarios are matrix's; left out, the workflow runs criu-lab's defaults.`;

export const COMPARE_USAGE = `usage: criu-lab compare A B [--out DIR]

Compares run B with run A (the baseline); each is a run directory or its summary.json. Lists
regressions (pass or xfail in A; fail, xpass, build-error or harness-error in B), fixes, new and
gone cells, expectation drift (xpass), changed failures (a different first CRIU error line) and,
where both runs repeated a cell (--repeat), times slower beyond the repeats' noise band.
Writes compare.md, compare.json and compare.html to DIR (default: B's run directory). Exit 1 on any regression.`;
