// The steps every criu-lab job starts with, and how a job calls criu-lab (as root where it must).
import { expr, type RunStep, type Step, type UsesStep } from "./workflow-types.js";

export const RUNNER = "ubuntu-24.04";
export const NODE_VERSION = 20;

/** Checkout, Node 20 with npm's cache, and `npm ci` from the committed lockfile. */
export function setupSteps(): Step[] {
  return [
    { name: "Check out", uses: "actions/checkout@v4" },
    { name: "Set up Node", uses: "actions/setup-node@v4", with: { "node-version": NODE_VERSION, cache: "npm" } },
    { name: "Install npm packages", run: "npm ci" },
  ];
}

/**
 * A criu-lab command line. As root it keeps the runner's PATH (sudo's secure_path would hide
 * setup-node's node); root is needed for debootstrap, dockerd and CRIU.
 */
export function criuLab(args: readonly string[], options: { asRoot: boolean }): string {
  const node = options.asRoot ? 'sudo env "PATH=$PATH" node' : "node";
  return [node, "bin/criu-lab.js", ...args].join(" ");
}

/**
 * Runs a criu-lab command that writes a run under `resultsDir`, then, whatever its exit code, hands
 * the results to the runner's user and names the run directory (the `latest` target) in the step's
 * output `dir`, so later steps upload it even when the command failed.
 */
export function runKeepingResults(step: { name: string; id: string; command: string; resultsDir: string; ownedByRoot: boolean }): RunStep {
  const chown = step.ownedByRoot ? [`if [ -e ${step.resultsDir} ]; then sudo chown -R "$(id -u):$(id -g)" ${step.resultsDir}; fi`] : [];
  return {
    name: step.name,
    id: step.id,
    run: [
      "status=0",
      `${step.command} || status=$?`,
      ...chown,
      `if [ -e ${step.resultsDir}/latest ]; then echo "dir=$(readlink -f ${step.resultsDir}/latest)" >> "$GITHUB_OUTPUT"; fi`,
      'exit "$status"',
    ].join("\n"),
  };
}

/** KVM for the runner's user, where the runner has /dev/kvm (the udev rule GitHub's docs and most projects use). */
export function enableKvmStep(): RunStep {
  return {
    name: "Enable KVM where /dev/kvm exists",
    run: [
      "if [ -e /dev/kvm ]; then",
      `  echo 'KERNEL=="kvm", GROUP="kvm", MODE="0666", OPTIONS+="static_node=kvm"' | sudo tee /etc/udev/rules.d/99-kvm4all.rules`,
      "  sudo udevadm control --reload-rules",
      "  sudo udevadm trigger --name-match=kvm",
      "else",
      '  echo "no /dev/kvm on this runner: VMs run under TCG (slower)"',
      "fi",
    ].join("\n"),
  };
}

/** Uploads the run directory a `runKeepingResults` step named, if it got that far. */
export function uploadRunStep(upload: { name: string; artifact: string; fromStep: string }): UsesStep {
  return {
    name: upload.name,
    if: expr(`!cancelled() && steps.${upload.fromStep}.outputs.dir != ''`),
    uses: "actions/upload-artifact@v4",
    with: { name: upload.artifact, path: expr(`steps.${upload.fromStep}.outputs.dir`), "if-no-files-found": "error" },
  };
}
