// Usage text of the commands whose options live in their own modules (bisect, setup, doctor, new).
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
  "bisect-step": `usage: criu-lab bisect-step --scenario S --mode regression|fix --criu-repo R [--kernel K] [--record FILE] [--logs DIR]

What \`git bisect run\` calls at each commit (criu-lab bisect sets it up): builds CRIU at HEAD,
runs S once, exits 0 (old), 1 (new) or 125 (skip).`,
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
