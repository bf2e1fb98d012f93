# criu-lab guest reset, the root filesystem: every entry a cell changed there is put back from the
# pristine copy of the same disk (mounted read-only). The cells' own places (/work, /tmp, /run) are
# not on it, so the filesystem's write counter stays still unless a cell wrote elsewhere (an
# `update-alternatives`, say); only then is it walked for what changed since the last reset.
import os
import shutil
import subprocess
import time

PRISTINE = "/run/criu-lab/pristine"
# A change this close to the last reset may carry a coarse (jiffy) timestamp from just before it.
CTIME_MARGIN_NS = 1_000_000_000


def root_device():
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            if fields[4] == "/":
                return os.path.basename(fields[fields.index("-") + 2])
    return "vda"


def listing(place):
    try:
        return set(os.listdir(place))
    except OSError:
        return set()


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path) and not os.path.ismount(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def copy(original, path):
    subprocess.run(["cp", "-a", original, path], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class RootFiles:
    def __init__(self, mount_points):
        self.mount_points = mount_points
        self.device = root_device()
        self.settle()

    def writes(self):
        """Kilobytes written to the root filesystem since it was mounted, once everything is on disk."""
        os.sync()
        try:
            with open("/sys/fs/ext4/%s/session_write_kbytes" % self.device) as f:
                return int(f.read())
        except (OSError, ValueError):
            return -1

    def settle(self):
        """What the next revert() compares against."""
        self.written = self.writes()
        self.since_ns = time.time_ns()

    def revert(self):
        """Puts back every entry changed since settle(), parents first; [] when nothing was written."""
        if self.written >= 0 and self.writes() == self.written:
            return []
        since = (self.since_ns - CTIME_MARGIN_NS) / 1e9
        found = subprocess.run(["find", "/", "-xdev", "-newerct", "@%.9f" % since, "-print0"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        changed = sorted({p.decode("utf-8", "surrogateescape") for p in found.split(b"\0") if p}, key=lambda p: p.count("/"))
        return [p for p in changed if self.put_back(p)]

    def is_mount(self, path):
        return path in self.mount_points or os.path.ismount(path)

    def put_back(self, path):
        """One changed entry as the pristine disk has it: gone if it is not there, its entries if a directory."""
        original = PRISTINE + path.rstrip("/")
        if path != "/" and self.is_mount(path) or not os.path.lexists(path) and not os.path.lexists(original):
            return False
        if not os.path.lexists(original):
            remove(path)
        elif os.path.isdir(original) and not os.path.islink(original):
            if not os.path.isdir(path) or os.path.islink(path):
                remove(path)
                os.mkdir(path)
            have, want = listing(path), listing(original)
            for name in have - want:
                if not self.is_mount(os.path.join(path, name)):
                    remove(os.path.join(path, name))
            for name in want - have:
                copy(os.path.join(original, name), os.path.join(path, name))
            st = os.lstat(original)
            os.chown(path, st.st_uid, st.st_gid)
            os.chmod(path, st.st_mode & 0o7777)
        else:
            remove(path)
            copy(original, path)
        return True
