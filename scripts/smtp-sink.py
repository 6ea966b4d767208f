#!/usr/bin/env python3
"""A real SMTP server for the test suite (aiosmtpd, Debian's python3-aiosmtpd).

    python3 scripts/smtp-sink.py PORT DIR

Every message received on 127.0.0.1:PORT is filed as an .eml file under DIR/<the local part of
its envelope sender>/, exactly as it arrived (headers and encoded body). Each test instance sends
from an address of its own, so each reads only its own mail. Stops on SIGTERM or SIGINT.
"""
import os
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Filer:
    def __init__(self, root):
        self.root = root
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        sender = (envelope.mail_from or "unknown").split("@")[0]
        folder = "".join(c for c in sender if c.isalnum() or c in "-_.") or "unknown"
        target = os.path.join(self.root, folder)
        os.makedirs(target, exist_ok=True)
        with self.lock:
            self.count += 1
            name = f"{time.time_ns()}-{self.count}.eml"
        # Written aside, then moved in whole: a reader never sees half a message.
        staging = os.path.join(self.root, ".staging")
        os.makedirs(staging, exist_ok=True)
        partial = os.path.join(staging, name)
        with open(partial, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(partial, os.path.join(target, name))
        return "250 Message accepted for delivery"


def main():
    port, root = int(sys.argv[1]), sys.argv[2]
    os.makedirs(root, exist_ok=True)
    controller = Controller(Filer(root), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"SMTP sink on 127.0.0.1:{port}, filing into {root}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
