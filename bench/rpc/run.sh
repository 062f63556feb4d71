#!/usr/bin/env bash
# jvirtd vs real libvirtd 9.0.0 over RPC, same client (python3-libvirt), same machine, one run: both daemons host
# the test driver on a unix socket in a temp dir; bench.py runs one round against each, alternating; medians and the
# jvirtd/libvirtd ratio per figure are printed, plus idle and loaded RSS of each daemon.
# libvirtd runs unprivileged (nobody) as in /work/shared/docs/REAL-LIBVIRT.md; jvirtd runs as the current user.
# Usage: bench/rpc/run.sh [ROUNDS] [SECONDS_PER_FIGURE]   (needs libvirt-daemon, python3-libvirt; build jvirt first)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
secs=${2:-1.0}
here=bench/rpc
jvirtd=dist/target/jvirt/bin/jvirtd
py=/usr/bin/python3
command -v libvirtd >/dev/null || { echo "libvirtd missing (apt-get install libvirt-daemon)" >&2; exit 1; }
[ -x "$jvirtd" ] || { echo "$jvirtd missing: ./mvnw -o -q -pl dist package -DskipTests" >&2; exit 1; }
$py -c 'import libvirt' || { echo "python3-libvirt missing" >&2; exit 1; }

tmp=$(mktemp -d /tmp/bench-rpc.XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

conf() {  # $1 = dir
  cat >"$1/conf" <<EOF
listen_tcp = 0
listen_tls = 0
unix_sock_dir = "$1/run"
unix_sock_rw_perms = "0777"
unix_sock_ro_perms = "0777"
auth_unix_rw = "none"
auth_unix_ro = "none"
EOF
  chmod 644 "$1/conf"
}

L=$tmp/libvirtd; J=$tmp/jvirtd
mkdir -p "$L/run" "$L/home" "$L/pool" "$J/run" "$J/home" "$J/pool"
conf "$L"; conf "$J"
if [ "$(id -u)" = 0 ]; then
  chown -R nobody:nogroup "$L"
  HOME=$L/home XDG_RUNTIME_DIR=$L/home setpriv --reuid=nobody --regid=nogroup --clear-groups \
    libvirtd -f "$L/conf" -p "$L/pid" >"$L/log" 2>&1 &
else
  HOME=$L/home XDG_RUNTIME_DIR=$L/home libvirtd -f "$L/conf" -p "$L/pid" >"$L/log" 2>&1 &
fi
lpid=$!; pids+=("$lpid")
# JVIRT_STATE_ROOT: jvirtd's QEMU and storage drivers keep their state in the temp dir, not /etc and /run.
HOME=$J/home XDG_RUNTIME_DIR=$J/home JVIRT_STATE_ROOT=$J/state "$jvirtd" -f "$J/conf" -p "$J/pid" >"$J/log" 2>&1 &
jpid=$!; pids+=("$jpid")

for s in "$L/run/libvirt-sock" "$J/run/libvirt-sock"; do
  for ((i = 0; i < 300; i++)); do [ -S "$s" ] && break; sleep 0.1; done
  [ -S "$s" ] || { echo "no socket $s; logs:" >&2; cat "$L/log" "$J/log" >&2; exit 1; }
done
sleep 1
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
lidle=$(rss "$lpid"); jidle=$(rss "$jpid")

luri="test+unix:///default?socket=$L/run/libvirt-sock"
juri="test+unix:///default?socket=$J/run/libvirt-sock"
# The upload figure: each daemon's storage driver behind its hypervisor URI (libvirtd as nobody: session).
lsto="qemu+unix:///session?socket=$L/run/libvirt-sock $L/pool/up"
if [ "$(id -u)" = 0 ]; then jmode=system; else jmode=session; fi
jsto="qemu+unix:///$jmode?socket=$J/run/libvirt-sock $J/pool/up"
# One discarded warm-up round each (JIT for jvirtd, page cache and allocator for both), then interleaved rounds,
# alternating which daemon goes first.
$py $here/bench.py "$luri" "$secs" "$lsto" >"$tmp/l0.jsonl"
$py $here/bench.py "$juri" "$secs" "$jsto" >"$tmp/j0.jsonl"
for ((r = 0; r < rounds; r++)); do
  if ((r % 2 == 0)); then
    $py $here/bench.py "$luri" "$secs" "$lsto" >>"$tmp/l.jsonl"
    $py $here/bench.py "$juri" "$secs" "$jsto" >>"$tmp/j.jsonl"
  else
    $py $here/bench.py "$juri" "$secs" "$jsto" >>"$tmp/j.jsonl"
    $py $here/bench.py "$luri" "$secs" "$lsto" >>"$tmp/l.jsonl"
  fi
done
lload=$(rss "$lpid"); jload=$(rss "$jpid"); lhwm=$(hwm "$lpid"); jhwm=$(hwm "$jpid")
# How much of jvirtd's loaded RSS is uncollected garbage on a large default heap: a full GC lets G1 give it back.
jgc=0
jcmd=$(dirname "$(readlink "/proc/$jpid/exe")")/jcmd
if [ -x "$jcmd" ] && "$jcmd" "$jpid" GC.run >/dev/null 2>&1; then sleep 1; jgc=$(rss "$jpid"); fi

$py - "$tmp" "$rounds" "$lidle" "$jidle" "$lload" "$jload" "$lhwm" "$jhwm" "$jgc" <<'EOF'
import json, statistics, sys
tmp, rounds = sys.argv[1], sys.argv[2]
rss = [int(x) / 1024 for x in sys.argv[3:10]]
lf, jf = tmp + "/l.jsonl", tmp + "/j.jsonl"
L = [json.loads(x) for x in open(lf)]
J = [json.loads(x) for x in open(jf)]
print(f"jvirtd vs libvirtd 9.0.0, test driver over a unix socket, python3-libvirt client, {rounds} rounds, medians")
print(f"{'figure':32} {'libvirtd':>12} {'jvirtd':>12} {'j/l':>7}")
def med(rows, k):
    xs = [r[k] for r in rows if r.get(k) is not None]
    return statistics.median(xs) if xs else None
def row(k, lv, jv):
    fmt = lambda v: "n/a" if v is None else f"{v:.1f}"
    ratio = "n/a" if lv is None or jv is None or lv == 0 else f"{jv / lv:.2f}"
    print(f"{k:32} {fmt(lv):>12} {fmt(jv):>12} {ratio:>7}")
for k in L[0]:
    if k != "upload error":
        row(k, med(L, k), med(J, k))
row("RSS idle MiB", rss[0], rss[1])
row("RSS after runs MiB", rss[2], rss[3])
row("RSS peak (VmHWM) MiB", rss[4], rss[5])
row("RSS after full GC MiB", rss[2], rss[6] or None)
L0 = [json.loads(x) for x in open(tmp + "/l0.jsonl")]
J0 = [json.loads(x) for x in open(tmp + "/j0.jsonl")]
print("first (warm-up, discarded) round: cold daemons, jvirtd before JIT")
for k in ("getVersion 1 conn calls/s", "getVersion 1 conn p99 us", "open+close /s", "lookupByName 1000 calls/s",
          "listAllDomains 1000 p50 ms", "event p50 us"):
    row(k, med(L0, k), med(J0, k))
for name, rows in (("libvirtd", L), ("jvirtd", J)):
    errs = {r["upload error"] for r in rows if "upload error" in r}
    if errs:
        print(f"upload on {name}: {'; '.join(errs)}")
EOF
