#!/usr/bin/env python3
"""Verify a GreenPark ledger export without GreenPark: python3 verify_ledger.py ledger.jsonl operator.pub
Needs the 'cryptography' package (pip install cryptography) for Ed25519."""
import hashlib, json, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

def mth(leaves):  # RFC 6962 Merkle tree hash over a block's entry hashes (raw bytes)
    if len(leaves) == 1: return hashlib.sha256(b"\0" + leaves[0]).digest()
    k = 1 << (len(leaves) - 1).bit_length() - 1  # the largest power of two below len(leaves)
    return hashlib.sha256(b"\1" + mth(leaves[:k]) + mth(leaves[k:])).digest()

key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(open(sys.argv[2]).read().strip()))
prev, block_start, block, seq, leaves = "0" * 64, 0, 0, 0, []
for line in open(sys.argv[1], encoding="utf-8"):
    entry = json.loads(line)
    claimed = entry.pop("hash")
    assert entry["seq"] == seq, f"entry {seq}: missing or out of order (found {entry['seq']})"
    assert entry["prev"] == prev, f"entry {seq}: previous hash does not match"
    assert hashlib.sha256(canonical(entry)).hexdigest() == claimed, f"entry {seq}: hash does not match its content"
    if entry["kind"] == "seal":
        d = entry["data"]
        assert (d["block"], d["first"], d["last"], d["head"]) == (block, block_start, seq - 1, prev), f"entry {seq}: seal does not cover its block"
        signed = bytes.fromhex(d["head"])  # seals with a root sign head || root (older ones: head)
        if "root" in d:
            assert mth(leaves).hex() == d["root"], f"entry {seq}: seal of block {block}: Merkle root does not match"
            signed += bytes.fromhex(d["root"])
        key.verify(bytes.fromhex(d["signature"]), signed)  # raises InvalidSignature
        block, block_start, leaves = block + 1, seq + 1, []
    else:
        leaves.append(bytes.fromhex(claimed))
    prev, seq = claimed, seq + 1
assert block_start == seq, f"entries {block_start} to {seq - 1} are not sealed"
print(f"ok: {seq} entries in {block} blocks")
