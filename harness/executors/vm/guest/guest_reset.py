# criu-lab guest reset: brings the guest back to how it was when the agent started, between cells
# (cells of different CRIU builds share one VM, see harness/scenario/vm-guests.ts): processes,
# mounts, SysV IPC and netfilter rules (guest_firewall.py), the scratch places, every file of the
# root filesystem (guest_files.py), and CRIU's kdat cache, kept per CRIU build.
import ctypes
import os
import re
import signal
import time

from guest_files import RootFiles, listing, remove
from guest_firewall import SharedTables

PF_KTHREAD = 0x00200000
MNT_DETACH = 2
KDAT = "/run/criu.kdat"
# In the agent's own place (/run/criu-lab: installed CRIU builds, the pristine disk), which stays.
KDAT_STASH = "/run/criu-lab/kdat"
# The places a cell writes to, none on the root filesystem: back to their listing at boot.
SCRATCH = ["/work", "/tmp", "/run", "/dev/shm", "/dev/mqueue"]


def is_kernel_thread(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[6]) & PF_KTHREAD != 0
    except (OSError, IndexError, ValueError):
        return True


def kill_all(spared):
    killed = 0
    for _ in range(20):
        victims = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in spared and not is_kernel_thread(int(p))]
        if not victims:
            break
        for p in victims:
            try:
                os.kill(p, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
        time.sleep(0.05)
    return killed


def mounts():
    """(mount id, mount point) in /proc/self/mountinfo order: parents before what is mounted on them."""
    unescape = lambda path: re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), path)
    with open("/proc/self/mountinfo") as f:
        return [(int(line.split()[0]), unescape(line.split()[4])) for line in f if line.strip()]


def label_file(criu):
    return os.path.join(KDAT_STASH, re.sub(r"[^\w.-]", "_", criu))


class Baseline:
    """The guest as the agent found it, taken once before the first request; reset() returns to it."""

    def __init__(self):
        self.mount_ids = {mid for mid, _ in mounts()}
        self.scratch = {place: listing(place) for place in SCRATCH}
        self.files = RootFiles({point for _, point in mounts()})
        self.tables = SharedTables()
        self.kdat_of = None

    def unmount_new(self):
        """Everything mounted since boot, innermost first."""
        libc = ctypes.CDLL(None, use_errno=True)
        return [point for mid, point in reversed(mounts()) if mid not in self.mount_ids and libc.umount2(point.encode(), MNT_DETACH) == 0]

    def stash_kdat(self):
        """CRIU caches what it learnt of the kernel in /run/criu.kdat: kept for the build that wrote it only."""
        os.makedirs(KDAT_STASH, exist_ok=True)
        if os.path.exists(KDAT):
            if self.kdat_of is None:
                os.unlink(KDAT)
            else:
                os.replace(KDAT, label_file(self.kdat_of))

    def bring_kdat(self, criu):
        self.kdat_of = criu
        if os.path.exists(label_file(criu)):
            os.replace(label_file(criu), KDAT)

    def empty_scratch(self, keep):
        for place, boot in self.scratch.items():
            if place not in keep:
                for entry in listing(place) - boot:
                    remove(os.path.join(place, entry))


def reset(baseline, spared, keep, criu):
    """Kills, unmounts, clears, and reverts; `criu` names the CRIU the next cell runs (its kdat cache)."""
    killed = kill_all(spared)
    unmounted = baseline.unmount_new()
    cleared = baseline.tables.clear()
    baseline.stash_kdat()
    baseline.empty_scratch(keep)
    reverted = baseline.files.revert()
    baseline.bring_kdat(criu)
    baseline.tables.settle()
    baseline.files.settle()
    return {"killed": killed, "unmounted": unmounted, "cleared": cleared, "reverted": reverted[:100]}
