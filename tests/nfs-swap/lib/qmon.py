#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""qmon.py SOCKET CMD...: send HMP commands to a QEMU monitor socket."""
import socket
import sys
import time


def main():
    path, cmds = sys.argv[1], sys.argv[2:]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    time.sleep(0.2)
    try:
        s.recv(65536)               # banner and prompt
    except socket.timeout:
        pass
    for cmd in cmds:
        s.sendall(cmd.encode() + b"\n")
        time.sleep(0.5)
        try:
            data = s.recv(65536).decode(errors="replace")
            # HMP echoes the command with cursor escapes; keep the answer.
            for line in data.splitlines():
                if "\x1b" not in line and not line.startswith("(qemu)"):
                    print(line)
        except socket.timeout:
            pass
    s.close()


if __name__ == "__main__":
    main()
