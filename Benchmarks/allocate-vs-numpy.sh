#!/usr/bin/env bash
# Allocation kernel throughput, GreenPark (release build) against the numpy reference
# (../shared/peers/peer_alloc.py, copied here as peer_alloc.py with its source line), run
# alternately in one sitting. Usage: Benchmarks/allocate-vs-numpy.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
swift build -c release --product greenpark >/dev/null
for round in $(seq "$rounds"); do
    # numpy: OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE slow a current numpy on this machine (env notes)
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 Benchmarks/peer_alloc.py --members 1000 --intervals 35040
    for key in pro-rata weighted; do
        .build/release/greenpark bench allocate --members 1000 --intervals 35040 --key "$key" --repeat 1
    done
done
