#!/bin/sh
# Installed as /sbin/poweroff, /sbin/reboot and /sbin/halt. busybox's own applets without -f only signal PID 1,
# so these announce the action and act directly.
case "${0##*/}" in
    reboot) what=REBOOT; act="reboot -f" ;;
    halt) what=HALT; act="halt -f" ;;
    *) what=POWEROFF; act="poweroff -f" ;;
esac
printf '\nGUEST %s\n' "$what" >/dev/console
sync
exec /bin/busybox $act
