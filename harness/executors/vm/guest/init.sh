#!/bin/sh
# criu-lab VM init (PID 1 until the agent takes over): the mounts a container runtime would make,
# the kernel's modules from the second disk, loopback up, then the agent on its virtio-serial port.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
mount -t proc proc /proc
# Nothing writes to the root filesystem by itself (no atime, no background inode-table zeroing):
# the agent's reset reads its write counter to know whether a cell wrote there (guest_reset.py).
mount -o remount,noatime,noinit_itable /
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /dev/mqueue /run /tmp /work /lib/modules
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t mqueue mqueue /dev/mqueue
mount -t tmpfs tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
# The modules, the cells' /work and the pristine copy of this root disk, found by their disks' serials.
mkdir -p /run/criu-lab/pristine
for disk in /sys/block/vd*; do
  case "$(cat "$disk/serial" 2>/dev/null)" in
    criu-lab-modules) mount -o ro "/dev/${disk##*/}" /lib/modules ;;
    criu-lab-work) mount -o noatime,noinit_itable "/dev/${disk##*/}" /work ;;
    criu-lab-pristine) mount -o ro,noload "/dev/${disk##*/}" /run/criu-lab/pristine ;;
  esac
done
hostname criu-lab-vm
ip link set lo up
modprobe virtio_console 2>/dev/null
# CRIU checks for /dev/net/tun (the container executor passes the host's device in).
modprobe tun 2>/dev/null
# Like the container executor's engine flag: let SCHED_FIFO programs run.
echo 950000 > /proc/sys/kernel/sched_rt_runtime_us 2>/dev/null
echo "criu-lab: init done, kernel $(uname -r)" > /dev/console
exec python3 /criu-lab/agent.py --pid1
