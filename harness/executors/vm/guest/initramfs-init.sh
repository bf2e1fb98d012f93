#!/bin/busybox sh
# criu-lab VM initramfs: load the modules that reach the root disk, mount it, hand over to its init.
# With criu-lab.probe on the command line it only says it booted (the KVM-or-TCG probe);
# with criu-lab.hang it hangs (to test timeouts).
/bin/busybox mkdir -p /proc /sys /dev /newroot
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs devtmpfs /dev
if /bin/busybox grep -q criu-lab.probe /proc/cmdline; then
  echo "criu-lab: probe booted" > /dev/console
  /bin/busybox poweroff -f
fi
if /bin/busybox grep -q criu-lab.hang /proc/cmdline; then
  # A guest that never comes up, on request (CRIU_LAB_VM_APPEND): how the harness's boot timeout is tested.
  echo "criu-lab initramfs: criu-lab.hang given: hanging here" > /dev/console
  while :; do /bin/busybox sleep 3600; done
fi
for m in $(/bin/busybox cat /modules.load); do
  /bin/busybox insmod "/modules/$m" 2>/dev/null || echo "criu-lab initramfs: insmod $m failed" > /dev/console
done
i=0
while [ ! -b /dev/vda ] && [ $i -lt 300 ]; do /bin/busybox usleep 100000; i=$((i + 1)); done
if ! /bin/busybox mount -t ext4 -o rw /dev/vda /newroot; then
  echo "criu-lab initramfs: cannot mount /dev/vda" > /dev/console
  /bin/busybox poweroff -f
fi
/bin/busybox umount /proc
/bin/busybox umount /dev
exec /bin/busybox switch_root /newroot /criu-lab/init.sh
