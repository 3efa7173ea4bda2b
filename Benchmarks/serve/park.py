"""A park of N members (one meter each, m0001..), two generators, 15-minute resolution."""
import sys
n = int(sys.argv[1])
print("""version: 1
park:
  id: bench-park
  name: Benchmark park
  timezone: Asia/Shanghai
  country: CN
  region: east
  resolution_minutes: 15
  connection: grid-connected
  policy_profile: cn-650-2025
members:""")
for i in range(1, n + 1):
    print(f"  - id: m{i:04d}\n    name: Member {i}\n    meters: [m{i:04d}]")
print("""generators:
  - id: pv
    name: PV
    technology: solar-pv
    capacity_kw: 200000
    commissioned: 2019-01-01
    registered: 2019-01-01
    meter: pv1
  - id: wind
    name: Wind
    technology: wind
    capacity_kw: 200000
    commissioned: 2019-01-01
    registered: 2019-01-01
    meter: w1
allocation:
  key: pro-rata
emission_factors:
  year: 2023
  location: east
  residual: national-excl-nonfossil
certificates:
  scheme: granular""")
