#!/bin/sh
# criu-lab VM init (PID 1 until the agent takes over): the mounts a container runtime would make,
# the kernel's modules from the second disk, loopback up, then the agent on its virtio-serial port.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /dev/mqueue /run /tmp /work /lib/modules
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t mqueue mqueue /dev/mqueue
mount -t tmpfs tmpfs /run
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
[ -b /dev/vdb ] && mount -o ro /dev/vdb /lib/modules
hostname criu-lab-vm
ip link set lo up
modprobe virtio_console 2>/dev/null
# CRIU checks for /dev/net/tun (the container executor passes the host's device in).
modprobe tun 2>/dev/null
# Like the container executor's engine flag: let SCHED_FIFO programs run.
echo 950000 > /proc/sys/kernel/sched_rt_runtime_us 2>/dev/null
echo "criu-lab: init done, kernel $(uname -r)" > /dev/console
exec python3 /criu-lab/agent.py --pid1
