#!/usr/bin/python3
"""jvirtd's QEMU driver vs real libvirtd 9.0.0's, same client (python3-libvirt), same guest XML, one run.

Usage: bench.py LIBVIRTD_URI JVIRTD_URI GUESTDIR WORKDIR LIBVIRTD_PID JVIRTD_PID [ROUNDS]
       bench.py --cleanup URI...          (destroys and undefines every benchq-* domain; run.sh's trap calls it)
run.sh starts both daemons; this script runs every figure as interleaved rounds (alternating which daemon goes first),
prints medians for both and the ratio jvirtd/libvirtd (< 1: jvirtd is faster / smaller), and cleans up its guests.
The booting guest is the tiny TCG test guest (/work/shared/docs/TEST-GUEST.md); the 10- and 20-guest figures use
firmware-only TCG guests (no kernel: SeaBIOS finds nothing to boot and idles), which is what a busy host can afford.
"""
import os
import re
import shlex
import socket
import statistics
import subprocess
import sys
import threading
import time

import libvirt

libvirt.registerErrorHandler(lambda _ctx, _err: None, None)  # the binding prints every error otherwise
PREFIX = "benchq-"
QEMU = "/usr/bin/qemu-system-x86_64"


def cleanup(uris):
    for uri in uris:
        try:
            c = libvirt.open(uri)
        except libvirt.libvirtError as e:
            print(f"cleanup: cannot open {uri}: {e}", file=sys.stderr)
            continue
        doms = [d for d in c.listAllDomains() if d.name().startswith(PREFIX)]
        threads = [threading.Thread(target=drop, args=(d,)) for d in doms]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        c.close()


def drop(d):
    try:
        if d.isActive():
            d.destroy()
    except libvirt.libvirtError:
        pass
    try:
        d.undefine()
    except libvirt.libvirtError:
        pass


if sys.argv[1] == "--cleanup":
    cleanup(sys.argv[2:])
    sys.exit(0)

LURI, JURI, GUEST, WORK = sys.argv[1:5]
LPID, JPID = int(sys.argv[5]), int(sys.argv[6])
ROUNDS = int(sys.argv[7]) if len(sys.argv) > 7 else 5
SLOW_ROUNDS = max(3, ROUNDS // 2)  # boot-to-READY and the 10-guest figure cost seconds per round

BOOT_XML = f"""<domain type='qemu'>
  <name>{{name}}</name>
  <memory unit='MiB'>96</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>{GUEST}/vmlinuz</kernel>
    <initrd>{GUEST}/initrd.gz</initrd>
    <cmdline>console=ttyS0 panic=-1</cmdline>
  </os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <emulator>{QEMU}</emulator>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <memballoon model='none'/>
  </devices>
</domain>"""

FW_XML = f"""<domain type='qemu'>
  <name>{{name}}</name>
  <memory unit='MiB'>48</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <devices>
    <emulator>{QEMU}</emulator>
    <memballoon model='none'/>
  </devices>
</domain>"""


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Side:
    def __init__(self, label, uri, pid):
        self.label, self.uri, self.pid = label, uri, pid
        self.conn = libvirt.open(uri)
        self.boot = self.conn.defineXML(BOOT_XML.format(name=PREFIX + "boot"))
        self.fw = [self.conn.defineXML(FW_XML.format(name=f"{PREFIX}fw-{i}")) for i in range(20)]
        self.results = {}

    def add(self, key, value):
        self.results.setdefault(key, []).append(value)


def wait_state(dom, want, secs=60.0, step=0.005):
    end = time.perf_counter() + secs
    while time.perf_counter() < end:
        if dom.state()[0] == want:
            return True
        time.sleep(step)
    return False


def start_once(s):
    t = time.perf_counter()
    s.boot.create()
    if not wait_state(s.boot, libvirt.VIR_DOMAIN_RUNNING):
        raise RuntimeError(f"{s.label}: not running")
    s.add("start: create() to running, ms", (time.perf_counter() - t) * 1e3)
    time.sleep(0.3)
    t = time.perf_counter()
    s.boot.destroy()
    if not wait_state(s.boot, libvirt.VIR_DOMAIN_SHUTOFF):
        raise RuntimeError(f"{s.label}: not shut off after destroy")
    s.add("destroy: destroy() to shut off, ms", (time.perf_counter() - t) * 1e3)


def console_ready(conn, dom, secs=90.0):
    """Reads the serial console through a blocking stream until GUEST READY; False on timeout or error."""
    ready = threading.Event()
    st = conn.newStream(0)
    dom.openConsole(None, st, 0)

    def reader():
        buf = b""
        try:
            while b"GUEST READY" not in buf:
                r = st.recv(4096)
                if not r or isinstance(r, int):
                    return
                buf = buf[-64:] + r
            ready.set()
        except libvirt.libvirtError:
            pass

    th = threading.Thread(target=reader, daemon=True)
    th.start()
    ok = ready.wait(secs)
    try:
        st.abort()
    except libvirt.libvirtError:
        pass
    return ok


def shutdown_once(s):
    t = time.perf_counter()
    s.boot.create()
    ok = console_ready(s.conn, s.boot)
    boot = time.perf_counter() - t
    if not ok:
        s.boot.destroy()
        raise RuntimeError(f"{s.label}: no GUEST READY on the console")
    s.add("boot: create() to GUEST READY, s", boot)
    t = time.perf_counter()
    s.boot.shutdown()
    if not wait_state(s.boot, libvirt.VIR_DOMAIN_SHUTOFF, 60, 0.01):
        s.boot.destroy()
        raise RuntimeError(f"{s.label}: ACPI shutdown did not end in shut off")
    s.add("ACPI shutdown() to shut off, ms", (time.perf_counter() - t) * 1e3)


def parallel(s, doms, op):
    """Runs op(dom) on one connection per guest, all at once (libvirtd serves at most 5 calls per client at a time by
    default, so a shared connection would measure that limit rather than the driver); returns the wall time."""
    conns = [libvirt.open(s.uri) for _ in doms]
    mine = [c.lookupByName(d.name()) for c, d in zip(conns, doms)]
    errs = []
    go = threading.Barrier(len(mine) + 1)

    def run(d):
        go.wait()
        try:
            op(d)
        except libvirt.libvirtError as e:
            errs.append(str(e))

    ts = [threading.Thread(target=run, args=(d,)) for d in mine]
    for t in ts:
        t.start()
    go.wait()
    t0 = time.perf_counter()
    for t in ts:
        t.join()
    wall = time.perf_counter() - t0
    for c in conns:
        c.close()
    if errs:
        raise RuntimeError(f"{s.label}: {errs[0]}")
    return wall


def start_running(d):
    d.create()
    if not wait_state(d, libvirt.VIR_DOMAIN_RUNNING):
        raise libvirt.libvirtError(f"{d.name()} not running")


def stop_all(s, doms):
    parallel(s, [d for d in doms if d.isActive()], lambda d: d.destroy())


def ten_once(s, measure_rss):
    idle = rss_kib(s.pid)
    s.add("10 guests started concurrently, wall s", parallel(s, s.fw[:10], start_running))
    if measure_rss:
        time.sleep(1.0)  # let per-guest threads/buffers settle
        s.add("daemon RSS per running guest, KiB", (rss_kib(s.pid) - idle) / 10)
        s.results["daemon RSS idle, MiB"] = [idle / 1024]
    stop_all(s, s.fw[:10])


def stats_once(s, calls=10):
    try:
        s.conn.getAllDomainStats()
    except libvirt.libvirtError as e:
        if e.get_error_code() == libvirt.VIR_ERR_NO_SUPPORT:
            s.results["getAllDomainStats, 20 running guests, ms"] = ["NO_SUPPORT"]
            return
        raise
    lat = []
    for _ in range(calls):
        t = time.perf_counter()
        recs = s.conn.getAllDomainStats()
        lat.append((time.perf_counter() - t) * 1e3)
    running = sum(1 for d, _ in recs if d.name().startswith(PREFIX + "fw-"))
    if running != 20:
        raise RuntimeError(f"{s.label}: getAllDomainStats saw {running} of 20 guests")
    s.add("getAllDomainStats, 20 running guests, ms", statistics.median(lat))


def qmp(sock_path, deadline):
    while True:
        try:
            s = socket.socket(socket.AF_UNIX)
            s.connect(sock_path)
            return s, s.makefile("rwb", buffering=0)
        except OSError:
            s.close()
            if time.perf_counter() > deadline:
                raise
            time.sleep(0.002)


def qmp_cmd(f, cmd):
    f.write(b'{"execute": "' + cmd.encode() + b'"}\n')
    while True:
        line = f.readline()
        if not line:
            raise RuntimeError("QMP closed")
        if b'"return"' in line or b'"error"' in line:
            return line


def same_argv(side):
    """jvirtd's own command line for the boot guest (domxml-to-native), for a bare start of exactly what it runs:
    the monitor socket and master key move to this script's work dir, the environment assignments are dropped."""
    text = side.conn.domainXMLToNative("qemu-argv", side.boot.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE), 0)
    argv = shlex.split(text.replace("\\\n", " "))
    while argv and re.match(r"^[A-Z_]+=", argv[0]):
        argv.pop(0)
    key = f"{WORK}/bare-master-key.aes"
    with open(key, "wb") as f:
        f.write(os.urandom(32))
    sock = f"{WORK}/bare-same-qmp.sock"
    argv = [re.sub(r"path=[^,]*monitor\.sock", "path=" + sock, a) for a in argv]
    argv = [re.sub(r'"file":"[^"]*master-key\.aes"', '"file":"' + key + '"', a) for a in argv]
    argv = [a.replace("guest=" + PREFIX + "boot,", "guest=" + PREFIX + "bare,") for a in argv]
    return argv, sock


def bare_once(results, same=None):
    """The boot guest by hand: qemu -S with a QMP socket, qmp_capabilities, cont, query-status says running."""
    sock_path = same[1] if same else f"{WORK}/bare-qmp.sock"
    label = "bare QEMU, jvirtd's argv: exec to running, ms" if same else "bare QEMU: exec to running, ms"
    if os.path.exists(sock_path):
        os.unlink(sock_path)
    cmd = same[0] if same else [QEMU, "-name", f"guest={PREFIX}bare", "-S", "-no-user-config", "-nodefaults", "-display", "none",
           "-machine", "pc,accel=tcg", "-m", "96", "-smp", "1",
           "-kernel", f"{GUEST}/vmlinuz", "-initrd", f"{GUEST}/initrd.gz", "-append", "console=ttyS0 panic=-1",
           "-chardev", "pty,id=charserial0", "-device", "isa-serial,chardev=charserial0,id=serial0",
           "-qmp", f"unix:{sock_path},server=on,wait=off"]
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        s, f = qmp(sock_path, t + 30)
        f.readline()  # greeting
        qmp_cmd(f, "qmp_capabilities")
        qmp_cmd(f, "cont")
        if b'"running": true' not in qmp_cmd(f, "query-status"):
            raise RuntimeError("bare QEMU not running after cont")
        results.setdefault(label, []).append((time.perf_counter() - t) * 1e3)
        s.close()
    finally:
        p.kill()
        p.wait()


def main():
    sides = [Side("libvirtd", LURI, LPID), Side("jvirtd", JURI, JPID)]
    bare = {}
    try:
        run(sides, bare)
    finally:
        for s in sides:
            try:
                stop_all(s, [s.boot] + s.fw)
            except Exception as e:  # the cleanup below retries every guest one by one
                print(f"stop {s.label}: {e}", file=sys.stderr)
            s.conn.close()
        cleanup([s.uri for s in sides])
    report(sides, bare)


def interleaved(sides, rounds, fn, *args):
    for r in range(rounds):
        for s in (sides if r % 2 == 0 else sides[::-1]):
            fn(s, *args)


def run(sides, bare):
    # Warm-up (discarded): the first start pays page-cache, QEMU-binary and, for jvirtd, JIT costs.
    for s in sides:
        start_once(s)
        s.results.clear()
    bare_once({})
    same = same_argv(sides[1])
    bare_once({}, same)
    for r in range(ROUNDS):
        for s in (sides if r % 2 == 0 else sides[::-1]):
            start_once(s)
        bare_once(bare)  # interleaved with the daemons' starts, so all of them see the same load
        bare_once(bare, same)
    interleaved(sides, SLOW_ROUNDS, shutdown_once)
    for r in range(SLOW_ROUNDS):
        for s in (sides if r % 2 == 0 else sides[::-1]):
            ten_once(s, r == SLOW_ROUNDS - 1)
    for s in sides:
        parallel(s, s.fw, start_running)
    try:
        interleaved(sides, ROUNDS, stats_once)
    finally:
        for s in sides:
            stop_all(s, s.fw)


def report(sides, bare):
    L, J = sides[0].results, sides[1].results
    print(f"jvirtd vs libvirtd 9.0.0, QEMU driver (TCG guests), python3-libvirt client, medians of {ROUNDS} rounds "
          f"({SLOW_ROUNDS} for boot/shutdown and 10 guests); ratio = jvirtd/libvirtd: < 1 means jvirtd is faster "
          f"(or smaller)")
    print(f"{'figure':44} {'libvirtd':>10} {'jvirtd':>10} {'j/l':>6}")

    def fmt(v):
        return v if isinstance(v, str) else f"{v:.1f}" if v >= 10 else f"{v:.2f}"

    for k in L:
        lv, jv = L[k], J.get(k, [])
        if "NO_SUPPORT" in jv and "NO_SUPPORT" not in lv:
            print(f"{k:44} {fmt(statistics.median(lv)):>10} n/a (jvirt: NO_SUPPORT)")
            continue
        if "NO_SUPPORT" in lv or "NO_SUPPORT" in jv:
            print(f"{k:44} n/a (NO_SUPPORT)")
            continue
        lm, jm = statistics.median(lv), statistics.median(jv)
        print(f"{k:44} {fmt(lm):>10} {fmt(jm):>10} {jm / lm if lm else float('nan'):>6.2f}")
    b = statistics.median(bare["bare QEMU: exec to running, ms"])
    js = statistics.median(J["start: create() to running, ms"])
    ls = statistics.median(L["start: create() to running, ms"])
    print(f"{'bare QEMU (-S, QMP cont) exec to running, ms':44} {fmt(b):>10}")
    bs = bare["bare QEMU: exec to running, ms"]
    # Each bare start runs right after the daemons' starts of the same round: the per-round ratio cancels slow drifts.
    pj = statistics.median(j / b for j, b in zip(J["start: create() to running, ms"], bs))
    pl = statistics.median(lv / b for lv, b in zip(L["start: create() to running, ms"], bs))
    print(f"start / bare QEMU start, ratio of medians: jvirtd {js / b:.2f}x, libvirtd {ls / b:.2f}x; "
          f"median of per-round ratios: jvirtd {pj:.2f}x, libvirtd {pl:.2f}x (aim: jvirtd <= 1.20x)")
    for name, res in (("libvirtd", L), ("jvirtd", J)):
        print(f"{name} rounds: " + "; ".join(
            f"{k.split(',')[0]}=[{', '.join(fmt(v) for v in vs if not isinstance(v, str))}]"
            for k, vs in res.items() if len(vs) > 1))
    print("bare QEMU rounds: " + ", ".join(fmt(v) for v in bare["bare QEMU: exec to running, ms"]))
    same = bare["bare QEMU, jvirtd's argv: exec to running, ms"]
    bsame = statistics.median(same)
    psame = statistics.median(j / b for j, b in zip(J["start: create() to running, ms"], same))
    print(f"{'bare QEMU with jvirtd own command line, ms':44} {fmt(bsame):>10}; jvirtd start / it: ratio of medians "
          f"{js / bsame:.2f}x, median of per-round ratios {psame:.2f}x")
    print("bare QEMU (jvirtd's argv) rounds: " + ", ".join(fmt(v) for v in same))


main()
