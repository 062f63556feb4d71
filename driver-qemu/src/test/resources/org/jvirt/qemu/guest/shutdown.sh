#!/bin/sh
# /sbin/shutdown as qemu-ga runs it for guest-shutdown: "shutdown -h -P|-H|-r +0 MESSAGE". The agent waits for this
# to exit, so the power action runs in the background, after announcing that the agent asked for it.
act=poweroff
for a in "$@"; do
    case "$a" in -r) act=reboot ;; -H) act=halt ;; esac
done
printf '\nGUEST AGENT-SHUTDOWN %s\n' "$act" >/dev/console
( sleep 1; /sbin/$act ) </dev/null >/dev/null 2>&1 &
exit 0
