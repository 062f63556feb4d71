#!/usr/bin/python3
"""net-start / net-destroy latency, jvirtd vs libvirtd, same client, same network XML, interleaved rounds.

Usage: bench.py LIBVIRTD_URI JVIRTD_URI ROUNDS | bench.py --cleanup URI
Each daemon runs in a network namespace of its own (run.sh), so both use the same bridge name and subnet. A round
starts a transient NAT network with DHCP (bridge, addresses, iptables rules, dnsmasq up and ready) and destroys it;
round 0 is a warm-up and not counted. Medians in milliseconds and the jvirtd/libvirtd ratio are printed.
"""
import statistics
import sys
import time

import libvirt

XML = """<network>
  <name>benchnet</name>
  <forward mode='nat'/>
  <bridge name='virbr50'/>
  <ip address='10.150.0.1' prefix='24'>
    <dhcp><range start='10.150.0.10' end='10.150.0.200'/></dhcp>
  </ip>
</network>"""


def cleanup(uri):
    c = libvirt.open(uri)
    for n in c.listAllNetworks():
        if n.name() == 'benchnet' and n.isActive():
            n.destroy()


def main():
    if sys.argv[1] == '--cleanup':
        cleanup(sys.argv[2])
        return
    uris = {'libvirtd': sys.argv[1], 'jvirtd': sys.argv[2]}
    rounds = int(sys.argv[3])
    conns = {k: libvirt.open(u) for k, u in uris.items()}
    times = {k: {'start': [], 'destroy': []} for k in conns}
    for r in range(rounds + 1):
        order = list(conns) if r % 2 == 0 else list(reversed(list(conns)))
        for name in order:
            c = conns[name]
            t0 = time.perf_counter()
            net = c.networkCreateXML(XML)
            t1 = time.perf_counter()
            net.destroy()
            t2 = time.perf_counter()
            if r > 0:
                times[name]['start'].append((t1 - t0) * 1000)
                times[name]['destroy'].append((t2 - t1) * 1000)
    print(f"{'operation':<12} {'libvirtd ms':>12} {'jvirtd ms':>10} {'jvirtd/libvirtd':>16}   ({rounds} rounds, medians)")
    for op in ('start', 'destroy'):
        lv = statistics.median(times['libvirtd'][op])
        jv = statistics.median(times['jvirtd'][op])
        print(f"net-{op:<8} {lv:>12.1f} {jv:>10.1f} {jv / lv:>16.2f}")


if __name__ == '__main__':
    main()
