// What the performance scenarios share: a warm kerndat cache before the measured cycle, and the cycle.
import type { Step, StepSpec } from "../../harness/scenario/define-scenario.js";

/**
 * CRIU keeps what it learns of the kernel (kerndat) in /run/criu.kdat, but only on a tmpfs; a
 * container's /run is not one, so each CRIU call would probe the kernel again (about 30 ms here),
 * and a VM's first call after boot builds the cache. A tmpfs on /run and one `criu check` first
 * make every measured dump and restore start from the cache, as on a host with systemd.
 */
export const WARM_KERNDAT: StepSpec = {
  step: "exec",
  name: "warm-kerndat",
  run: "{ mountpoint -q /run || mount -t tmpfs tmpfs /run; } && criu check -o /tmp/warm-kerndat.log -v4 >/dev/null && test -s /run/criu.kdat",
};

/** Start, warm the cache, then dump -> restore -> check twice: both cycles carry CRIU's stats. */
export const MEASURED_CYCLE: readonly Step[] = ["start", WARM_KERNDAT, "dump", "restore", "check", "dump", "restore", "check"];
