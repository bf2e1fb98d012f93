// Debian suites criu-lab builds base images from, and what every base image carries.
export type DebianSuite = "bullseye" | "bookworm" | "trixie" | "sid";

export const DEBIAN_SUITES: readonly DebianSuite[] = ["bullseye", "bookworm", "trixie", "sid"];

/** Compilers and tools every scenario may use: gcc for programs, chrt/ps for outside checks, python3 for criu-ns. */
export const BASE_PACKAGES: readonly string[] = [
  "gcc",
  "libc6-dev",
  "procps",
  "util-linux",
  "python3",
  "iproute2",
  // The TCP scenarios lock the network with each backend: iptables-legacy, iptables-nft, nftables.
  "iptables",
  "nftables",
  // In a VM (harness/executors/vm) the kernel loads CRIU's diag and netfilter modules through modprobe.
  "kmod",
];

export function debianMirror(): string {
  return process.env.CRIU_LAB_DEBIAN_MIRROR ?? "http://deb.debian.org/debian";
}
