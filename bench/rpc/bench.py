#!/usr/bin/python3
"""One round of the RPC benchmark against one daemon: prints one JSON object of figures on stdout.

Usage: bench.py URI [SECONDS_PER_FIGURE] ["STORAGE_URI POOL_DIR"]
URI is e.g. test+unix:///default?socket=DIR/libvirt-sock. run.sh calls this once per daemon per round,
alternating daemons, and takes medians over rounds (these machines move 30-50% between runs).
"""
import json
import random
import sys
import threading
import time

import libvirt

URI = sys.argv[1]
SECS = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
NDOMS = 1000
THREADS = 8
UPLOAD = 64 << 20
CHUNK = 256 << 10

# The default event loop must be registered before the first connection, or callbacks never arrive.
libvirt.virEventRegisterDefaultImpl()
libvirt.registerErrorHandler(lambda _ctx, _err: None, None)  # the binding prints every error otherwise


def loop():
    while True:
        libvirt.virEventRunDefaultImpl()


threading.Thread(target=loop, daemon=True).start()


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def timed_loop(fn, secs):
    """Calls fn until secs have passed; returns the per-call latencies in seconds."""
    lat = []
    end = time.perf_counter() + secs
    while True:
        t = time.perf_counter()
        fn()
        t2 = time.perf_counter()
        lat.append(t2 - t)
        if t2 >= end:
            return lat


def lat_figures(prefix, lat, wall, out):
    out[prefix + " calls/s"] = len(lat) / wall
    out[prefix + " p50 us"] = pct(lat, 0.50) * 1e6
    out[prefix + " p99 us"] = pct(lat, 0.99) * 1e6


out = {}
# Kept open for the whole round: the test driver's shared state is reset when the last connection closes.
holder = libvirt.open(URI)

# (1) trivial call, 1 connection then 8 connections in 8 threads (the binding drops the GIL around each call).
holder.getVersion()
t0 = time.perf_counter()
lat = timed_loop(holder.getVersion, SECS)
lat_figures("getVersion 1 conn", lat, time.perf_counter() - t0, out)

conns = [libvirt.open(URI) for _ in range(THREADS)]
lats = [None] * THREADS
start = threading.Barrier(THREADS + 1)


def worker(i):
    start.wait()
    lats[i] = timed_loop(conns[i].getVersion, SECS)


ths = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
for th in ths:
    th.start()
start.wait()
t0 = time.perf_counter()
for th in ths:
    th.join()
lat_figures("getVersion 8 conn", [x for l in lats for x in l], time.perf_counter() - t0, out)
for c in conns:
    c.close()

# (3) open+close, with the holder keeping the driver state alive (as a long-running daemon would see it).
t0 = time.perf_counter()
n = 0
while time.perf_counter() - t0 < SECS:
    libvirt.open(URI).close()
    n += 1
out["open+close /s"] = n / (time.perf_counter() - t0)

# (2) 1000 small domains, then lookupByName and listAllDomains.
XML = ("<domain type='test'><name>b{0:04d}</name><memory>8192</memory>"
       "<os><type>hvm</type></os></domain>")
t0 = time.perf_counter()
for i in range(NDOMS):
    holder.defineXML(XML.format(i))
out["defineXML /s"] = NDOMS / (time.perf_counter() - t0)
names = ["b%04d" % i for i in range(NDOMS)]
rnd = random.Random(1)
t0 = time.perf_counter()
lat = timed_loop(lambda: holder.lookupByName(rnd.choice(names)), SECS)
lat_figures("lookupByName 1000", lat, time.perf_counter() - t0, out)
assert len(holder.listAllDomains()) >= NDOMS
t0 = time.perf_counter()
lat = timed_loop(holder.listAllDomains, SECS)
out["listAllDomains 1000 p50 ms"] = pct(lat, 0.5) * 1e3

# (4) 64 MiB upload through a stream into a raw volume of a dir pool: the storage driver serves the daemon's
# hypervisor URI (argv[3] = "URI DIR": qemu+unix://...; DIR for a transient pool the daemon can write). The test
# drivers have no real upload, so without argv[3] the figure is n/a.
STORAGE = sys.argv[3].split(" ", 1) if len(sys.argv) > 3 else None
try:
    if STORAGE is None:
        raise libvirt.libvirtError("no storage URI given (argv[3])")
    sconn = libvirt.open(STORAGE[0])
    pool = sconn.storagePoolCreateXML("<pool type='dir'><name>bench-up</name><target><path>%s</path></target>"
                                      "</pool>" % STORAGE[1], libvirt.VIR_STORAGE_POOL_CREATE_WITH_BUILD)
    vol = pool.createXML("<volume><name>bench-up.img</name><capacity unit='bytes'>%d</capacity>"
                         "<allocation>0</allocation><target><format type='raw'/></target></volume>" % UPLOAD, 0)
    st = sconn.newStream(0)
    buf = b"\x5a" * CHUNK
    t0 = time.perf_counter()
    vol.upload(st, 0, UPLOAD, 0)
    for _ in range(UPLOAD // CHUNK):
        st.send(buf)
    st.finish()
    out["upload 64MiB MiB/s"] = 64 / (time.perf_counter() - t0)
    vol.delete(0)
    pool.destroy()
    sconn.close()
except libvirt.libvirtError as e:
    out["upload 64MiB MiB/s"] = None
    out["upload error"] = str(e)

# (5) lifecycle event latency: from just before destroy()/create() to the callback on the event thread.
got = threading.Event()
stamp = [0.0]


def on_event(_conn, dom, event, _detail, _opaque):
    if dom.name() == "test":
        stamp[0] = time.perf_counter()
        got.set()


cb = holder.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, on_event, None)
dom = holder.lookupByName("test")
ev = []
missed = 0
for i in range(40):
    got.clear()
    t0 = time.perf_counter()
    if dom.isActive():
        dom.destroy()
    else:
        dom.create()
    if got.wait(2.0):
        ev.append(stamp[0] - t0)
    else:
        missed += 1
holder.domainEventDeregisterAny(cb)
if ev:
    out["event p50 us"] = pct(ev, 0.5) * 1e6
    out["event p99 us"] = pct(ev, 0.99) * 1e6
out["event missed"] = missed

for i in range(NDOMS):
    holder.lookupByName(names[i]).undefine()
holder.close()
print(json.dumps(out))
