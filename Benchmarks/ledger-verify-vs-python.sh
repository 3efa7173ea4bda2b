#!/usr/bin/env bash
# Verifying an exported ledger: `greenpark ledger verify --file` (release build) against the
# 25-line Python verifier in docs/verify_ledger.py (Python 3 + cryptography), run alternately
# in one sitting on the same files. Prints every run's wall time and peak RSS, then each
# file's medians and their ratio.
#
# Usage: Benchmarks/ledger-verify-vs-python.sh [rounds]      (default 5)
# Environment: LEDGER_BENCH_DIR  where the files are made and kept (default
#              /tmp/greenpark-ledger-bench; delete it to remake them)
#              LARGE=0           skip the 1.75 M-entry file (890 MB; Python takes ~30 s a run)
#
# The files: `greenpark bench certificates` stores a signed ledger of hourly granular
# certificates (per device and hour one issuance and a transfer to each of 3 members):
#   ledger-84k.jsonl    --hours 420:  84,021 entries (42 MB), the size in issue 11
#   ledger-1.75m.jsonl  --hours 8760: 1,752,424 entries (890 MB), a year for 50 devices
# exported with `greenpark ledger export` (any park file will do: the bench store names no
# park). The bench does not keep its operator key, so both verifiers are given the public
# key its seals name (and check every seal's signature against it).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
dir=${LEDGER_BENCH_DIR:-/tmp/greenpark-ledger-bench}
swift build -c release --scratch-path .build-release --product greenpark >/dev/null
greenpark=$PWD/.build-release/release/greenpark
python3 -c "import cryptography" # the Python verifier needs it
mkdir -p "$dir"

# make <name> <hours>: the store, its export and the public key its seals name.
make_file() {
    local name=$1 hours=$2
    [[ -s $dir/$name.jsonl && -s $dir/$name.pub ]] && return
    rm -f "$dir/$name.sqlite" "$dir/$name.sqlite-wal" "$dir/$name.sqlite-shm"
    echo "making $dir/$name.jsonl (bench certificates --hours $hours)" >&2
    "$greenpark" bench certificates --hours "$hours" --database "$dir/$name.sqlite" >/dev/null
    "$greenpark" ledger export --park docs/park.example.yaml --database "$dir/$name.sqlite" -o "$dir/$name.jsonl"
    grep -m1 '"kind":"seal"' "$dir/$name.jsonl" | sed 's/.*"key":"\([0-9a-f]\{64\}\)".*/\1/' >"$dir/$name.pub"
    rm -f "$dir/$name.sqlite" "$dir/$name.sqlite-wal" "$dir/$name.sqlite-shm"
}
files=(ledger-84k)
make_file ledger-84k 420
if [[ ${LARGE:-1} != 0 ]]; then
    make_file ledger-1.75m 8760
    files+=(ledger-1.75m)
fi

# run <command...>: one run; prints "seconds KiB" (wall time, peak RSS); stops on failure.
measure=$(mktemp)
trap 'rm -f "$measure"' EXIT
run() {
    /usr/bin/time -f "%e %M" -o "$measure" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
    cat "$measure"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "file                 round  greenpark s  (RSS MiB)  python s  (RSS MiB)"
declare -A times
for round in $(seq "$rounds"); do
    for name in "${files[@]}"; do
        file=$dir/$name.jsonl key=$dir/$name.pub
        g=$(run "$greenpark" ledger verify --file "$file" --public-key "$key")
        p=$(run python3 docs/verify_ledger.py "$file" "$key")
        read -r g_s g_kb <<<"$g"
        read -r p_s p_kb <<<"$p"
        printf "%-20s %5d  %11s  (%8d)  %8s  (%8d)\n" "$name" "$round" "$g_s" $((g_kb / 1024)) "$p_s" $((p_kb / 1024))
        times[$name.g]+="$g_s "
        times[$name.p]+="$p_s "
    done
done
echo
for name in "${files[@]}"; do
    g=$(tr ' ' '\n' <<<"${times[$name.g]}" | grep . | median)
    p=$(tr ' ' '\n' <<<"${times[$name.p]}" | grep . | median)
    awk -v n="$name" -v g="$g" -v p="$p" -v e="$(wc -l <"$dir/$name.jsonl")" 'BEGIN {
        printf "%s (%d entries): median greenpark %.2f s, python %.2f s: greenpark %.1fx faster\n", n, e, g, p, p / g }'
done
