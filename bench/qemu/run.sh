#!/usr/bin/env bash
# jvirtd vs real libvirtd 9.0.0, QEMU driver, same client (python3-libvirt), same guest XML, one run: both daemons run
# as root on a unix socket in a temp dir; bench.py runs interleaved rounds and prints medians and jvirtd/libvirtd.
# libvirtd runs in a private mount namespace whose /etc/libvirt (a copy plus a qemu.conf with user/group root),
# /run/libvirt, /var/lib/libvirt, /var/log/libvirt and /var/cache/libvirt are temp dirs: it needs no libvirt-qemu
# user, leaves no state on the host and cannot clash with another root libvirtd. virtlogd runs in the same namespace.
# jvirtd keeps all its QEMU driver state under JVIRT_STATE_ROOT (a temp dir).
# Usage: bench/qemu/run.sh [ROUNDS] [JVIRT_HOME]   (root; libvirt-daemon-driver-qemu, qemu-system-x86,
#        python3-libvirt; build jvirt first: ./mvnw -o -q -pl dist package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-7}
jhome=${2:-dist/target/jvirt}
here=$PWD/bench/qemu
jvirtd=$jhome/bin/jvirtd
py=/usr/bin/python3
guest=${GUEST_DIR:-/tmp/jvirt-test-guest}
[ "$(id -u)" = 0 ] || { echo "needs root (real libvirtd with the QEMU driver)" >&2; exit 1; }
command -v libvirtd >/dev/null && command -v virtlogd >/dev/null || { echo "libvirt-daemon missing" >&2; exit 1; }
[ -x /usr/bin/qemu-system-x86_64 ] || { echo "qemu-system-x86 missing" >&2; exit 1; }
[ -x "$jvirtd" ] || { echo "$jvirtd missing: ./mvnw -o -q -pl dist package -DskipTests" >&2; exit 1; }
$py -c 'import libvirt' || { echo "python3-libvirt missing" >&2; exit 1; }
if [ ! -f "$guest/vmlinuz" ] || [ ! -f "$guest/initrd.gz" ]; then
  echo "building the test guest into $guest" >&2
  ./mvnw -o -q -pl driver-qemu test -Dtest=TestGuestBuilderTest >&2
fi

tmp=$(mktemp -d /tmp/bench-qemu.XXXXXX)
L=$tmp/libvirtd; J=$tmp/jvirtd
luri="qemu+unix:///system?socket=$L/run/libvirt-sock"
juri="qemu+unix:///system?socket=$J/run/libvirt-sock"
pids=()
made=()  # mount points this script had to create on the host (empty dirs; removed at the end if still empty)
cleanup() {
  set +e
  [ -S "$L/run/libvirt-sock" ] && timeout 120 $py "$here/bench.py" --cleanup "$luri"
  [ -S "$J/run/libvirt-sock" ] && timeout 120 $py "$here/bench.py" --cleanup "$juri"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  [ -f "$L/virtlogd.pid" ] && kill "$(cat "$L/virtlogd.pid")" 2>/dev/null
  # Last resort for a guest a dead daemon left behind: only QEMUs named benchq-* whose command line points into $tmp
  # or at this run's guest (none should exist after the --cleanup calls above).
  for p in $(pgrep -f "guest=benchq-" || true); do
    if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -e "$tmp" -e "$guest/vmlinuz"; then kill "$p"; fi
  done
  for d in "${made[@]}"; do rmdir "$d" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$L/run" "$L/etc" "$L/varrun" "$L/lib" "$L/log/qemu" "$L/cache" "$J/run" "$J/home"
cp -a /etc/libvirt/. "$L/etc/"
# libvirtd resolves its built-in default user and group libvirt-qemu before it reads qemu.conf: give the namespace
# a passwd/group that has them (only libvirtd sees these copies).
cp /etc/passwd "$L/passwd"; cp /etc/group "$L/group"
getent group kvm >/dev/null || echo "kvm:x:64054:" >>"$L/group"
getent group libvirt-qemu >/dev/null || echo "libvirt-qemu:x:64055:" >>"$L/group"
getent passwd libvirt-qemu >/dev/null || echo "libvirt-qemu:x:64055:64055::/nonexistent:/usr/sbin/nologin" >>"$L/passwd"
cat >"$L/etc/qemu.conf" <<EOF
user = "root"
group = "root"
EOF
for c in "$L" "$J"; do
  cat >"$c/conf" <<EOF
listen_tcp = 0
listen_tls = 0
unix_sock_dir = "$c/run"
auth_unix_rw = "none"
auth_unix_ro = "none"
EOF
done
for d in /var/lib/libvirt /var/log/libvirt /var/cache/libvirt; do
  [ -d "$d" ] || { mkdir -p "$d"; made+=("$d"); }
done
unshare -m --propagation private bash -c '
  L=$1
  mount --bind "$L/passwd" /etc/passwd && mount --bind "$L/group" /etc/group &&
  mount --bind "$L/etc" /etc/libvirt && mount --bind "$L/varrun" /run/libvirt &&
  mount --bind "$L/lib" /var/lib/libvirt && mount --bind "$L/log" /var/log/libvirt &&
  mount --bind "$L/cache" /var/cache/libvirt || exit 1
  virtlogd -d -p "$L/virtlogd.pid" || exit 1
  exec libvirtd -f "$L/conf" -p "$L/pid"' bench-libvirtd "$L" >"$L/log.txt" 2>&1 &
lpid=$!; pids+=("$lpid")
JVIRT_STATE_ROOT=$J/state HOME=$J/home "$jvirtd" -f "$J/conf" >"$J/log.txt" 2>&1 &
jpid=$!; pids+=("$jpid")

for s in "$L/run/libvirt-sock" "$J/run/libvirt-sock"; do
  for ((i = 0; i < 600; i++)); do
    [ -S "$s" ] && break
    kill -0 "$lpid" 2>/dev/null && kill -0 "$jpid" 2>/dev/null || break
    sleep 0.1
  done
  [ -S "$s" ] || { echo "no socket $s; logs:" >&2; cat "$L/log.txt" "$J/log.txt" >&2; exit 1; }
done
# libvirtd probes QEMU's capabilities on the first QEMU connection; do that (and jvirtd's) before measuring.
$py -c 'import libvirt, sys
for u in sys.argv[1:]: libvirt.open(u).getCapabilities()' "$luri" "$juri"
sleep 1
echo "libvirtd pid $lpid, jvirtd pid $jpid, guest $guest, scratch $tmp" >&2
if ! $py "$here/bench.py" "$luri" "$juri" "$guest" "$tmp" "$lpid" "$jpid" "$rounds"; then
  echo "bench failed; daemon logs:" >&2
  tail -20 "$L/log.txt" "$J/log.txt" >&2
  exit 1
fi
