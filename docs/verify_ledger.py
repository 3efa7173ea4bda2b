#!/usr/bin/env python3
"""Verify a GreenPark ledger export without GreenPark: python3 verify_ledger.py ledger.jsonl operator.pub
Needs the 'cryptography' package (pip install cryptography) for Ed25519."""
import hashlib, json, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(open(sys.argv[2]).read().strip()))
prev, block_start, block, seq = "0" * 64, 0, 0, 0
for line in open(sys.argv[1], encoding="utf-8"):
    entry = json.loads(line)
    claimed = entry.pop("hash")
    assert entry["seq"] == seq, f"entry {seq}: missing or out of order (found {entry['seq']})"
    assert entry["prev"] == prev, f"entry {seq}: previous hash does not match"
    assert hashlib.sha256(canonical(entry)).hexdigest() == claimed, f"entry {seq}: hash does not match its content"
    if entry["kind"] == "seal":
        d = entry["data"]
        assert (d["block"], d["first"], d["last"], d["head"]) == (block, block_start, seq - 1, prev), f"entry {seq}: seal does not cover its block"
        key.verify(bytes.fromhex(d["signature"]), bytes.fromhex(d["head"]))  # raises InvalidSignature
        block, block_start = block + 1, seq + 1
    prev, seq = claimed, seq + 1
assert block_start == seq, f"entries {block_start} to {seq - 1} are not sealed"
print(f"ok: {seq} entries in {block} blocks")
