#!/bin/busybox sh
# PID 1 of the jvirt test guest. Any error that ends this script panics the kernel, so every glob and read below
# is guarded. Console protocol: see /work/shared/docs/TEST-GUEST.md ("GUEST ..." lines on the console).
/bin/busybox mkdir -p /proc /sys /dev /tmp /run /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
# ctrl-alt-del: signal PID 1 (SIGINT) instead of an immediate hard reboot, so REBOOT is announced.
echo 0 >/proc/sys/kernel/ctrl-alt-del
echo /sbin/poweroff >/proc/sys/kernel/poweroff_cmd
trap '/sbin/poweroff' USR2
trap '/sbin/reboot' TERM INT
trap '/sbin/halt' USR1

for m in $(cat /etc/modules); do
    insmod "/lib/modules/$m.ko" 2>/dev/null || echo "GUEST WARN insmod $m failed"
done

ip link set lo up 2>/dev/null
gip=""
for a in $(cat /proc/cmdline); do
    case "$a" in guest.ip=*) gip="${a#guest.ip=}" ;; esac
done
for d in /sys/class/net/*; do
    [ -e "$d" ] || continue
    n="${d##*/}"
    [ "$n" = lo ] && continue
    ip link set "$n" up 2>/dev/null
    echo "GUEST NET $n $(cat "$d/address" 2>/dev/null)"
    if [ -n "$gip" ] && [ "$n" = eth0 ]; then
        ip addr add "$gip" dev eth0 2>/dev/null && echo "GUEST IP eth0 $gip"
    fi
done
for d in /sys/block/*; do
    [ -e "$d" ] || continue
    n="${d##*/}"
    case "$n" in
        vd*|sd*|nvme*) s=$(cat "$d/size" 2>/dev/null); echo "GUEST BLOCK $n $(( ${s:-0} * 512 ))" ;;
    esac
done

# The ACPI button driver only emits KEY_POWER on an input device; no signal reaches init by itself.
armed=0
for d in /sys/class/input/input*; do
    [ -e "$d/name" ] || continue
    [ "$(cat "$d/name")" = "Power Button" ] || continue
    for e in "$d"/event*; do
        [ -e "$e" ] || continue
        ev="/dev/input/${e##*/}"
        ( dd if="$ev" of=/dev/null bs=24 count=1 2>/dev/null && /sbin/poweroff ) &
        armed=1
    done
done
[ "$armed" = 1 ] || echo "GUEST WARN no ACPI power button"

if command -v uevent >/dev/null 2>&1; then
    uevent /etc/uevent.sh &
else
    echo /etc/uevent.sh >/proc/sys/kernel/hotplug 2>/dev/null
fi
( while true; do sh /etc/console.sh </dev/console >/dev/console 2>&1; sleep 1; done ) &

# The QEMU guest agent (when the builder found one) on the virtio port named org.qemu.guest_agent.0. The port's
# name arrives from the host a moment after the driver binds, so look for up to ~5 s, without delaying READY.
hostname jvirt-guest
printf 'ID=jvirt-test\nNAME="jvirt test guest"\nPRETTY_NAME="jvirt test guest (busybox)"\nVERSION_ID=1\n' \
    >/etc/os-release
if [ -x /usr/sbin/qemu-ga ]; then
    (
        i=0
        while [ $i -lt 50 ]; do
            for p in /sys/class/virtio-ports/*; do
                [ -e "$p/name" ] || continue
                [ "$(cat "$p/name" 2>/dev/null)" = org.qemu.guest_agent.0 ] || continue
                [ -e "/dev/${p##*/}" ] || continue
                echo "GUEST AGENT ${p##*/}"
                exec /usr/sbin/qemu-ga -m virtio-serial -p "/dev/${p##*/}" -t /run -f /run/qemu-ga.pid \
                    -l /tmp/qemu-ga.log </dev/null >/dev/null 2>&1
            done
            usleep 100000
            i=$((i + 1))
        done
    ) &
fi

echo "GUEST UPTIME $(cut -d' ' -f1 /proc/uptime)"
echo "GUEST READY"
# 'wait' is interruptible, so the traps above run as soon as a signal arrives.
while true; do
    sleep 3600 &
    wait $!
done
