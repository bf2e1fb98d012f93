// Usage text of the commands whose options live in their own modules (bisect, setup, doctor, new).
export const USAGES = {
  bisect: `usage: criu-lab bisect --criu-repo R --good A --bad B --scenario S [--kernel K] [--results DIR]
       criu-lab bisect --criu-repo R --old A --new B --scenario S --fixed [--kernel K]

Finds the first commit between A and B where scenario S starts failing (or, with --fixed, passing).
Both ends are checked first; each step builds CRIU at the commit (cached) and runs S once, in a
fresh container or, with --kernel, in a VM of that kernel. Writes results/bisect-<run-id>/.`,
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
} as const;
