# criu-lab guest reset, the kernel's shared tables: SysV IPC objects and netfilter rules live in the
# VM's one IPC and network namespace, so a cell's (or CRIU's network lock, left by a cell that
# stopped between dump and restore) would reach the next cell. Each is read from the kernel first,
# without starting a process, and cleared only when a cell changed it.
import ctypes
import os
import shutil
import socket
import struct
import subprocess

NETLINK_NETFILTER = 12
NFT_GETGEN = (10 << 8) | 16  # NFNL_SUBSYS_NFTABLES, NFT_MSG_GETGEN
NFT_NEWGEN = (10 << 8) | 15
NFTA_GEN_ID = 1
XT_SO_GET_INFO = 64  # IPT_SO_GET_INFO and IP6T_SO_GET_INFO
XT_FAMILIES = [("/proc/net/ip_tables_names", socket.AF_INET, socket.IPPROTO_IP, "iptables-legacy"),
               ("/proc/net/ip6_tables_names", socket.AF_INET6, socket.IPPROTO_IPV6, "ip6tables-legacy")]


class XtGetinfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char * 32), ("valid_hooks", ctypes.c_uint), ("hook_entry", ctypes.c_uint * 5),
                ("underflow", ctypes.c_uint * 5), ("num_entries", ctypes.c_uint), ("size", ctypes.c_uint)]


def quietly(argv):
    subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def words(path):
    try:
        with open(path) as f:
            return f.read().split()
    except OSError:
        return []


def nft_generation():
    """nf_tables' ruleset generation: every change to any table bumps it. None: nf_tables not loaded."""
    if not os.path.isdir("/sys/module/nf_tables"):
        return None
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER) as s:
        s.settimeout(2)
        s.send(struct.pack("=IHHII", 20, NFT_GETGEN, 1, 1, 0) + struct.pack("=BBH", 0, 0, 0))
        data = s.recv(65536)
    while len(data) >= 16:
        length, kind = struct.unpack_from("=IH", data)
        if kind == NFT_NEWGEN:
            attrs = data[20:length]
            while len(attrs) >= 4:
                alen, atype = struct.unpack_from("=HH", attrs)
                if atype & 0x7FFF == NFTA_GEN_ID:
                    return struct.unpack_from(">I", attrs, 4)[0]
                attrs = attrs[(alen + 3) & ~3:]
        data = data[(length + 3) & ~3:]
    return -1


def xt_rules_added():
    """True when a legacy iptables table holds more than its built-in chains (rules or chains added)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for names, family, level, _ in XT_FAMILIES:
        tables = words(names)
        if not tables:
            continue
        with socket.socket(family, socket.SOCK_RAW, socket.IPPROTO_RAW) as s:
            for table in tables:
                info = XtGetinfo(name=table.encode())
                size = ctypes.c_uint(ctypes.sizeof(info))
                if libc.getsockopt(s.fileno(), level, XT_SO_GET_INFO, ctypes.byref(info), ctypes.byref(size)) != 0:
                    return True
                if info.num_entries != bin(info.valid_hooks).count("1") + 1:
                    return True
    return False


def sysv_objects():
    """Any SysV shared memory segment, semaphore set or message queue (each file has a header line)."""
    for kind in ["shm", "sem", "msg"]:
        try:
            with open("/proc/sysvipc/" + kind) as f:
                if len(f.read().strip().split("\n")) > 1:
                    return True
        except OSError:
            pass
    return False


def clear_legacy_tables():
    """Rules and chains a cell added (a policy it changed stays: no scenario changes one)."""
    script = []
    for names, _, _, tool in XT_FAMILIES:
        if words(names) and shutil.which(tool):
            script.append("for t in $(cat %s); do %s -t $t -F; %s -t $t -X; done" % (names, tool, tool))
    quietly(["sh", "-c", "; ".join(script)])


class SharedTables:
    def __init__(self):
        self.generation = nft_generation()

    def clear(self):
        """Clears what changed since the last settle(); returns the names of what it cleared."""
        cleared = []
        if sysv_objects():
            quietly(["ipcrm", "--all"])
            cleared.append("sysv-ipc")
        generation = nft_generation()
        if generation is not None and generation != self.generation and shutil.which("nft"):
            quietly(["nft", "flush", "ruleset"])
            cleared.append("nftables")
        if xt_rules_added():
            clear_legacy_tables()
            cleared.append("iptables-legacy")
        return cleared

    def settle(self):
        self.generation = nft_generation()
