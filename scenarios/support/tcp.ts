// What the tcp-established scenarios share: the CRIU < 4.2 failure on Linux >= 6.16, and the step
// that picks the iptables backend CRIU's network lock goes through.
import type { StepSpec, XfailExpectation } from "../../harness/scenario/define-scenario.js";

/**
 * CRIU < 4.2 reads SO_PASSCRED/SO_PASSSEC from every socket; Linux 6.16 allows them only on
 * unix/netlink/bluetooth. On older kernels the same CRIU passes (seen on Debian's 6.1 in a VM).
 */
export const SO_PASSCRED_ON_TCP: XfailExpectation = {
  criu: "<4.2.0",
  kernel: ">=6.16.0",
  outcome: "xfail",
  match: /Can't get 1:(16|34) opt: Operation not supported/,
  ref: "checkpoint-restore/criu 4b7398595 \"criu/sockets: Restrict SO_PASSCRED and SO_PASSSEC to supported families\" (v4.2, #2705; Linux >= 6.16)",
};

/**
 * CRIU runs plain `iptables`, so the alternative selected in the container is the backend. Selected
 * before the first dump, it stays for every later step: the restore removes the lock rules from the
 * backend the dump put them in.
 */
export function selectIptables(backend: "legacy" | "nft"): StepSpec {
  return {
    step: "exec",
    name: `select-iptables-${backend}`,
    run: `update-alternatives --set iptables /usr/sbin/iptables-${backend} && update-alternatives --set ip6tables /usr/sbin/ip6tables-${backend} && iptables -w -L -n >/dev/null`,
  };
}
