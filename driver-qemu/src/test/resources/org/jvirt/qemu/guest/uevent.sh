#!/bin/sh
# Hot-plug events after boot, as "GUEST HOTPLUG add|remove block|net|cpu NAME [MAC]". A leading newline starts a line.
case "$ACTION" in add|remove) ;; *) exit 0 ;; esac
case "$SUBSYSTEM" in
    block)
        n="${DEVNAME##*/}"
        case "$n" in vd*[0-9]|sd*[0-9]|nvme*p[0-9]*) exit 0 ;; vd*|sd*|nvme*) ;; *) exit 0 ;; esac
        printf '\nGUEST HOTPLUG %s block %s\n' "$ACTION" "$n" >/dev/console ;;
    net)
        n="${INTERFACE:-${DEVPATH##*/}}"
        [ "$n" = lo ] && exit 0
        mac=""
        if [ "$ACTION" = add ]; then
            ip link set "$n" up 2>/dev/null
            mac=" $(cat "/sys/class/net/$n/address" 2>/dev/null)"
        fi
        printf '\nGUEST HOTPLUG %s net %s%s\n' "$ACTION" "$n" "$mac" >/dev/console ;;
    cpu)
        # a hot-plugged CPU arrives offline (udev would online it): bring it up, then report
        n="${DEVPATH##*/}"
        case "$n" in cpu[0-9]*) ;; *) exit 0 ;; esac
        [ "$ACTION" = add ] && echo 1 >"/sys$DEVPATH/online" 2>/dev/null
        printf '\nGUEST HOTPLUG %s cpu %s\n' "$ACTION" "$n" >/dev/console ;;
esac
exit 0
