# Source: GreenPark shared peers (peers/modbus_meter_sim.py), copied unchanged below this line; pymodbus 3.16.1.
#!/usr/bin/env python3
"""Modbus TCP energy-meter simulator (pymodbus >= 3.16, SimDevice API), loopback only.

Register map (device/unit id 1; addresses are 0-based PDU addresses):

Input registers, FC 0x04, IEEE-754 float32, big-endian words (ABCD) --
laid out like an Eastron SDM630 three-phase meter:
    0, 2, 4    L1/L2/L3 line-to-neutral voltage   V
    6, 8, 10   L1/L2/L3 current                    A
    12, 14, 16 L1/L2/L3 active power               W
    52         total system active power           W   (+ import, - export)
    70         frequency                           Hz
    72         total import active energy          kWh
    74         total export active energy          kWh
Holding registers, FC 0x03, integers, big-endian words:
    4096 (0x1000) import active energy   uint32, 0.01 kWh
    4098 (0x1002) export active energy   uint32, 0.01 kWh
    4100 (0x1004) total active power     int32,  W
    4102 (0x1006) serial number          uint32
    4104 (0x1008) model                  8 ASCII chars (4 registers), read-only
Any other address answers exception 0x02 (illegal data address), as real meters do.

Power follows a load profile: by default a built-in day shape; with
--profile loads_15min.csv --column g3_kw it replays that CSV (kW, 15-min rows),
`--speed` simulated seconds per wall-clock second (default 900: one 15-min row
per second). Energies integrate the power over simulated time, starting from
--import-kwh. Values are computed on every read (SimDevice action hook).

Usage: venv/bin/python modbus_meter_sim.py [--port 5020] [--profile F --column C] [--speed S]
"""
import argparse
import asyncio
import csv
import math
import struct
import time

from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

IR_FLOAT = {"u1": 0, "u2": 2, "u3": 4, "i1": 6, "i2": 8, "i3": 10,
            "p1": 12, "p2": 14, "p3": 16, "p": 52, "f": 70, "e_imp": 72, "e_exp": 74}
HR_BASE = 4096


def f32(value):
    hi, lo = struct.unpack(">HH", struct.pack(">f", value))
    return [hi, lo]


def u32(value):
    value = int(value) & 0xFFFFFFFF
    return [value >> 16, value & 0xFFFF]


class Meter:
    def __init__(self, profile_kw, speed, import_kwh, serial):
        self.profile_kw = profile_kw          # list of kW per 15-min step, or None
        self.speed = speed
        self.t0 = time.monotonic()
        self.last = self.t0
        self.e_imp = import_kwh
        self.e_exp = 0.0
        self.serial = serial

    def power_w(self, sim_s):
        if self.profile_kw:
            return 1000.0 * self.profile_kw[int(sim_s // 900) % len(self.profile_kw)]
        hour = (sim_s / 3600.0) % 24.0          # built-in: 250 kW base + day bump
        return 1000.0 * (250.0 + 400.0 * max(0.0, math.sin(math.pi * (hour - 6.0) / 12.0)))

    def update(self):
        now = time.monotonic()
        p = self.power_w((now - self.t0) * self.speed)
        dt_h = (now - self.last) * self.speed / 3600.0
        self.last = now
        if p >= 0:
            self.e_imp += p / 1000.0 * dt_h
        else:
            self.e_exp += -p / 1000.0 * dt_h
        return p

    async def action(self, function_code, start_address, _address, _count, registers, set_values):
        """SimDevice hook: refresh the live values before every access."""
        if set_values is not None:
            return None                          # writes handled by read-only flags
        p = self.update()
        vals = {}
        if function_code == 4:
            u = 230.0 + 1.5 * math.sin(time.monotonic())
            vals = {"u1": u, "u2": u + 0.7, "u3": u - 0.4, "p1": p / 3, "p2": p / 3, "p3": p / 3,
                    "i1": p / 3 / u, "i2": p / 3 / (u + 0.7), "i3": p / 3 / (u - 0.4),
                    "p": p, "f": 50.0 + 0.02 * math.sin(time.monotonic() / 7), 
                    "e_imp": self.e_imp, "e_exp": self.e_exp}
            for key, addr in IR_FLOAT.items():
                registers[addr - start_address: addr - start_address + 2] = f32(vals[key])
        elif function_code == 3:
            regs = u32(round(self.e_imp * 100)) + u32(round(self.e_exp * 100)) \
                + u32(int(round(p)) & 0xFFFFFFFF) + u32(self.serial)
            registers[HR_BASE - start_address: HR_BASE - start_address + 8] = regs
        return None


def build_device(meter, dev_id):
    ir = [SimData(addr, values=0.0, datatype=DataType.FLOAT32, readonly=True)
          for addr in sorted(IR_FLOAT.values())]
    hr = [SimData(HR_BASE, count=2, values=0, datatype=DataType.UINT32, readonly=True),
          SimData(HR_BASE + 4, values=0, datatype=DataType.INT32, readonly=True),
          SimData(HR_BASE + 6, values=meter.serial, datatype=DataType.UINT32, readonly=True),
          SimData(HR_BASE + 8, values="SIMMTR01", datatype=DataType.STRING, readonly=True)]
    dummy_bits = [SimData(0, values=False, datatype=DataType.BITS, readonly=True)]
    return SimDevice(id=dev_id, simdata=(dummy_bits, dummy_bits, hr, ir), action=meter.action)


def load_profile(path, column):
    with open(path, newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return [float(r[column]) for r in rows]


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=5020)
    ap.add_argument("--id", type=int, default=1)
    ap.add_argument("--profile")
    ap.add_argument("--column", default="g3_kw")
    ap.add_argument("--speed", type=float, default=900.0)
    ap.add_argument("--import-kwh", type=float, default=123456.78)
    ap.add_argument("--serial", type=int, default=20240001)
    a = ap.parse_args()
    profile = load_profile(a.profile, a.column) if a.profile else None
    meter = Meter(profile, a.speed, a.import_kwh, a.serial)
    server = ModbusTcpServer(build_device(meter, a.id), address=(a.host, a.port))
    print(f"modbus meter simulator on {a.host}:{a.port} id={a.id}", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
