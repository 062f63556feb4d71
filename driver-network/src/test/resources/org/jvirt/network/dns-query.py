# One DNS A query for NetworkLiveTest (no dig on these machines). Prints the first answer's address or the rcode.
# Usage: dns-query.py SERVER NAME
import socket
import struct
import sys

server, name = sys.argv[1], sys.argv[2]
question = b''.join(bytes([len(p)]) + p.encode() for p in name.split('.')) + b'\0' + struct.pack('>HH', 1, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
s.sendto(struct.pack('>HHHHHH', 0x1234, 0x100, 1, 0, 0, 0) + question, (server, 53))
reply = s.recv(512)
answers = struct.unpack('>H', reply[6:8])[0]
print('.'.join(str(b) for b in reply[-4:]) if answers else 'rcode ' + str(reply[3] & 0xf))
