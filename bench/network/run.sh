#!/usr/bin/env bash
# jvirtd vs real libvirtd 9.0.0, network driver: net-start / net-destroy latency of a NAT network with DHCP
# (bridge, addresses, iptables rules, dnsmasq). Each daemon runs as root in a network namespace of its own, so
# neither touches the host's devices or firewall. libvirtd also runs in a private mount namespace whose /etc/libvirt
# (a copy without networks), /run/libvirt, /var/lib/libvirt, /var/log/libvirt and /var/cache/libvirt are temp dirs:
# it leaves no state on the host and cannot clash with another root libvirtd. jvirtd keeps its state under
# JVIRT_STATE_ROOT (a temp dir).
# Usage: bench/network/run.sh [ROUNDS] [JVIRT_HOME]   (root; libvirt-daemon (with its network driver), dnsmasq,
#        iptables, python3-libvirt; build jvirt first: ./mvnw -o -q -pl dist package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-15}
jhome=${2:-dist/target/jvirt}
here=$PWD/bench/network
jvirtd=$jhome/bin/jvirtd
py=/usr/bin/python3
[ "$(id -u)" = 0 ] || { echo "needs root (bridges, iptables, a root libvirtd)" >&2; exit 1; }
command -v libvirtd >/dev/null || { echo "libvirt-daemon missing" >&2; exit 1; }
[ -f /usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_network.so ] ||
  { echo "libvirt-daemon-driver-network missing" >&2; exit 1; }
command -v dnsmasq >/dev/null && command -v iptables >/dev/null || { echo "dnsmasq or iptables missing" >&2; exit 1; }
[ -x "$jvirtd" ] || { echo "$jvirtd missing: ./mvnw -o -q -pl dist package -DskipTests" >&2; exit 1; }
$py -c 'import libvirt' || { echo "python3-libvirt missing" >&2; exit 1; }

tmp=$(mktemp -d /tmp/bench-net.XXXXXX)
chmod 755 "$tmp"
L=$tmp/libvirtd; J=$tmp/jvirtd
nsl=bench-net-l-$$; nsj=bench-net-j-$$
luri="qemu+unix:///system?socket=$L/run/libvirt-sock"
juri="qemu+unix:///system?socket=$J/run/libvirt-sock"
pids=()
made=()
cleanup() {
  set +e
  [ -S "$L/run/libvirt-sock" ] && timeout 60 $py "$here/bench.py" --cleanup "$luri"
  [ -S "$J/run/libvirt-sock" ] && timeout 60 $py "$here/bench.py" --cleanup "$juri"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  # a dnsmasq a dead daemon left behind: only those whose configuration lies in $tmp
  for p in $(pgrep dnsmasq || true); do
    tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q "$tmp" && kill "$p"
  done
  ip netns delete "$nsl" 2>/dev/null; ip netns delete "$nsj" 2>/dev/null
  for d in "${made[@]}"; do rmdir "$d" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$L/run" "$L/etc" "$L/varrun" "$L/lib" "$L/log/qemu" "$L/cache" "$J/run" "$J/home"
cp -a /etc/libvirt/. "$L/etc/"
rm -rf "$L/etc/qemu/networks"
# libvirtd resolves its built-in QEMU user and group before it reads qemu.conf (see bench/qemu/run.sh)
cp /etc/passwd "$L/passwd"; cp /etc/group "$L/group"
getent group kvm >/dev/null || echo "kvm:x:64054:" >>"$L/group"
getent group libvirt-qemu >/dev/null || echo "libvirt-qemu:x:64055:" >>"$L/group"
getent passwd libvirt-qemu >/dev/null || echo "libvirt-qemu:x:64055:64055::/nonexistent:/usr/sbin/nologin" >>"$L/passwd"
printf 'user = "root"\ngroup = "root"\n' >"$L/etc/qemu.conf"
for c in "$L" "$J"; do
  cat >"$c/conf" <<EOC
listen_tcp = 0
listen_tls = 0
unix_sock_dir = "$c/run"
auth_unix_rw = "none"
auth_unix_ro = "none"
EOC
done
for d in /var/lib/libvirt /var/log/libvirt /var/cache/libvirt; do
  [ -d "$d" ] || { mkdir -p "$d"; made+=("$d"); }
done
for ns in "$nsl" "$nsj"; do
  ip netns add "$ns"
  ip netns exec "$ns" ip link set lo up
done
ip netns exec "$nsl" unshare -m --propagation private bash -c '
  L=$1
  mount --bind "$L/passwd" /etc/passwd && mount --bind "$L/group" /etc/group &&
  mount --bind "$L/etc" /etc/libvirt && mount --bind "$L/varrun" /run/libvirt &&
  mount --bind "$L/lib" /var/lib/libvirt && mount --bind "$L/log" /var/log/libvirt &&
  mount --bind "$L/cache" /var/cache/libvirt || exit 1
  exec libvirtd -f "$L/conf" -p "$L/pid"' bench-libvirtd "$L" >"$L/log.txt" 2>&1 &
lpid=$!; pids+=("$lpid")
JVIRT_STATE_ROOT=$J/state HOME=$J/home ip netns exec "$nsj" "$jvirtd" -f "$J/conf" >"$J/log.txt" 2>&1 &
jpid=$!; pids+=("$jpid")

for s in "$L/run/libvirt-sock" "$J/run/libvirt-sock"; do
  for ((i = 0; i < 600; i++)); do
    [ -S "$s" ] && break
    kill -0 "$lpid" 2>/dev/null && kill -0 "$jpid" 2>/dev/null || break
    sleep 0.1
  done
  [ -S "$s" ] || { echo "no socket $s; logs:" >&2; cat "$L/log.txt" "$J/log.txt" >&2; exit 1; }
done
sleep 1
echo "libvirtd pid $lpid (netns $nsl), jvirtd pid $jpid (netns $nsj), scratch $tmp" >&2
if ! $py "$here/bench.py" "$luri" "$juri" "$rounds"; then
  echo "bench failed; daemon logs:" >&2
  tail -20 "$L/log.txt" "$J/log.txt" >&2
  exit 1
fi
