#!/usr/bin/env python3
"""A DL/T 645-2007 meter on loopback: the `dlt645` package's own MeterServerService (PyPI 3.2.0,
Apache-2.0), as in the project's shared data/scripts/make_dlt645_frames.py, whose register can
also grow with simulated time.

Usage: python dlt645_meter.py --port P [--address 123456781012] [--forward-kwh 12000.55]
       [--reverse-kwh 345.12] [--kw 0 --speed 1]

--address is the string given to the package's set_address(): its bytes go on the wire in that
order, so "123456781012" is meter number 121078563412 under DL/T 645 (least significant byte
first). With --kw above 0, the forward active energy grows by that power in simulated time
(--speed simulated seconds per real second), updated every 10 ms and rounded to 0.01 kWh, as a
meter's display is. Prints "ready" when listening.
"""
import argparse
import threading
import time

from dlt645 import MeterServerService

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--address", default="123456781012")
ap.add_argument("--forward-kwh", type=float, default=12000.55)
ap.add_argument("--reverse-kwh", type=float, default=345.12)
ap.add_argument("--kw", type=float, default=0.0)
ap.add_argument("--speed", type=float, default=1.0)
a = ap.parse_args()

srv = MeterServerService.new_tcp_server("127.0.0.1", a.port, 3000)
srv.set_address(a.address)
srv.set_00(0x00010000, a.forward_kwh)
srv.set_00(0x00020000, a.reverse_kwh)
srv.set_02(0x02010100, 231.5)
srv.set_02(0x02030000, min(a.kw, 79.9999))
srv.server.start()

start = time.monotonic()


def grow():
    while True:
        hours = (time.monotonic() - start) * a.speed / 3600.0
        srv.set_00(0x00010000, round(a.forward_kwh + a.kw * hours, 2))
        time.sleep(0.01)


if a.kw > 0:
    threading.Thread(target=grow, daemon=True).start()
print("ready", flush=True)
while True:
    time.sleep(3600)
