# signet analyze --dynamic: a stub DNS resolver inside the sandbox's network namespace. It records every question
# (class, type, name) on file descriptor 3, which leads out of the sandbox, and answers NXDOMAIN (RFC 1035 §4.1.1).
import ctypes
import os
import socket

# Non-dumpable: reading /proc/PID/fd of this process then needs CAP_SYS_PTRACE, which the package's processes lack.
ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE
log = os.fdopen(3, "w", buffering=1)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 53))
open("/tmp/.dns-ready", "w").close()
TYPES = {1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA", 33: "SRV", 65: "HTTPS", 255: "ANY"}


def printable(label):
    return "".join(chr(b) if 0x21 <= b < 0x7F else "?" for b in label)


while True:
    data, peer = sock.recvfrom(4096)
    if len(data) < 12:
        continue
    i, labels = 12, []
    while i < len(data) and data[i] != 0:
        n = data[i]
        if n & 0xC0 or i + 1 + n > len(data):
            labels = None
            break
        labels.append(printable(data[i + 1:i + 1 + n]))
        i += 1 + n
    i += 1
    if labels is None or i + 4 > len(data):
        continue
    qtype = int.from_bytes(data[i:i + 2], "big")
    qclass = int.from_bytes(data[i + 2:i + 4], "big")
    log.write("%s\t%s\t%s\n" % ("IN" if qclass == 1 else str(qclass), TYPES.get(qtype, str(qtype)), ".".join(labels)))
    # Same ID; QR=1 with the opcode and RD copied; RA=1, RCODE=3 (NXDOMAIN); the one question echoed, no answers.
    reply = data[0:2] + bytes([0x80 | (data[2] & 0x79), 0x83]) + b"\x00\x01\x00\x00\x00\x00\x00\x00" + data[12:i + 4]
    sock.sendto(reply, peer)
