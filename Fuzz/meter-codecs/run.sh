#!/usr/bin/env bash
# Fuzz the meter codecs with libFuzzer for the given time (default 60 s).
#
#   Fuzz/meter-codecs/run.sh [seconds] [extra libFuzzer options...]
#
# Builds Harness.swift with Sources/GreenParkMeterCodecs/**.swift under
# -sanitize=fuzzer,address (-O, so the unchecked buffer reads of a release build are what
# runs, and AddressSanitizer reports any read outside the input), seeds the corpus with every
# frame of Tests/GreenParkMeterCodecsTests/Fixtures/dlt645_frames.json and the edge inputs
# of Fixtures/crashers, and runs libFuzzer with -max_len=300. The growing corpus stays in
# .build-fuzz/meter-codecs/corpus between runs; crashers go to .build-fuzz/meter-codecs/
# (crash-*, leak-*, timeout-*): copy them into Tests/GreenParkMeterCodecsTests/Fixtures/
# crashers as crash-<what>.bin and fix the decoder.
#
# The module imports GreenParkCore for GreenParkError (and SplitMix64 for the fuzz test
# mutator); those two files, which import nothing, are compiled first as a small module
# named GreenParkCore, so the module's sources compile unchanged in one swiftc call.
set -euo pipefail
seconds="${1:-60}"
shift || true
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${FUZZ_OUT:-$root/.build-fuzz/meter-codecs}"
mkdir -p "$out/core" "$out/corpus" "$out/seeds"
cd "$root"

swiftc -parse-as-library -module-name GreenParkCore -O \
    -emit-module -emit-module-path "$out/core/GreenParkCore.swiftmodule" \
    -emit-library -static -o "$out/core/libGreenParkCore.a" \
    Sources/GreenParkCore/Errors/GreenParkError.swift Sources/GreenParkCore/Settlement/SplitMix64.swift

swiftc -parse-as-library -module-name GreenParkMeterCodecs -O -sanitize=fuzzer,address \
    -I "$out/core" -L "$out/core" -lGreenParkCore \
    $(find Sources/GreenParkMeterCodecs -name '*.swift' | sort) Fuzz/meter-codecs/Harness.swift \
    -o "$out/fuzz-meter-codecs"

# Seeds: each "hex" of the JSON file, each edge-*/crash-* .hex file (comments dropped), each .bin file.
fixtures=Tests/GreenParkMeterCodecsTests/Fixtures
n=0
for hex in $(jq -r '.frames[] | .request.hex, .response.hex' "$fixtures/dlt645_frames.json" | tr ' ' '_'); do
    n=$((n + 1))
    echo "${hex//_/}" | xxd -r -p > "$out/seeds/json-$n"
done
for file in "$fixtures"/crashers/*.hex; do
    sed 's/#.*//' "$file" | tr -d ' \n' | xxd -r -p > "$out/seeds/$(basename "$file" .hex)"
done
for file in "$fixtures"/crashers/*.bin; do [ -e "$file" ] && cp "$file" "$out/seeds/"; done

cd "$out"
# Leak detection off: the Swift runtime keeps metadata caches for the process's life. The
# Swift backtracer off: libFuzzer reports the crash and saves the input itself (with the
# backtracer on, a trap waits on swift-backtrace, which can hang holding the output).
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" ./fuzz-meter-codecs \
    -max_len=300 -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/" "$@" corpus seeds
