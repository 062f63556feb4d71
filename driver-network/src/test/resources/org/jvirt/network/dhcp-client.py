# A minimal DHCPv4 client for NetworkLiveTest (these machines have no dhclient or udhcpc): DISCOVER, REQUEST
# the offered address, print the acknowledged one. Usage: dhcp-client.py IFACE MAC HOSTNAME
import random
import socket
import struct
import sys

iface, mac, hostname = sys.argv[1], bytes.fromhex(sys.argv[2].replace(':', '')), sys.argv[3].encode()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.setsockopt(socket.SOL_SOCKET, 25, iface.encode() + b'\0')  # SO_BINDTODEVICE: the interface has no address yet
s.bind(('0.0.0.0', 68))
s.settimeout(1)
xid = random.getrandbits(32)


def packet(kind, extra=b''):
    # op=request, htype=ethernet, hlen=6; flags=broadcast, so that replies reach an address-less interface
    head = struct.pack('>BBBBIHH4s4s4s4s16s64s128s', 1, 1, 6, 0, xid, 0, 0x8000, bytes(4), bytes(4), bytes(4),
                       bytes(4), mac + bytes(10), b'', b'')
    return (head + b'\x63\x82\x53\x63' + bytes([53, 1, kind]) + extra + bytes([12, len(hostname)]) + hostname
            + b'\xff')


def receive(want):
    while True:
        reply = s.recv(1500)
        if struct.unpack('>I', reply[4:8])[0] != xid:
            continue
        opts, i, kind, server = reply[240:], 0, None, None
        while i < len(opts) and opts[i] != 255:
            if opts[i] == 0:
                i += 1
                continue
            if opts[i] == 53:
                kind = opts[i + 2]
            if opts[i] == 54:
                server = opts[i + 2:i + 6]
            i += 2 + opts[i + 1]
        if kind == want:
            return reply[16:20], server




def exchange(payload, want):
    # a new bridge port with STP on forwards only after the kernel's minimum forward delay: retry for a while
    for _ in range(15):
        s.sendto(payload, ('255.255.255.255', 67))
        try:
            return receive(want)
        except socket.timeout:
            pass
    sys.exit('no DHCP reply')


offered, server = exchange(packet(1), 2)
acked, _ = exchange(packet(3, bytes([50, 4]) + offered + bytes([54, 4]) + server), 5)
print(socket.inet_ntoa(acked))
