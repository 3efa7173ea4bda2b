# Copied from the project's shared peers (peers/peer_alloc.py): the numpy reference for the allocation benchmark.
#!/usr/bin/env python3
"""Peer reference: pro-rata (dynamic default) and weighted water-filling allocation
of park generation to members, integer Wh with exact conservation, in numpy.
Times only the allocation kernel. Prints JSON."""
import json, sys, time, argparse
import numpy as np

def make_data(members, intervals, seed):
    rng = np.random.default_rng(seed)
    base = rng.uniform(50_000, 2_000_000, size=members)            # Wh per quarter-hour scale
    shape = 0.6 + 0.4 * np.sin(np.linspace(0, 2*np.pi*intervals/96, intervals))
    cons = (base[None, :] * shape[:, None] * rng.uniform(0.7, 1.3, size=(intervals, members))).astype(np.int64)
    gen = (cons.sum(axis=1) * rng.uniform(0.0, 1.4, size=intervals)).astype(np.int64)
    weights = rng.uniform(0.5, 2.0, size=members)
    return cons, gen, weights

def prorata_numpy(cons, gen):
    """DOMAIN.md 3, pro-rata: exact integer shares, largest-remainder rounding, ties to lower index."""
    tot = cons.sum(axis=1)
    green = np.minimum(gen, tot)
    safe = np.where(tot > 0, tot, 1)
    num = cons * green[:, None]                      # exact in int64 for these magnitudes
    fl = num // safe[:, None]
    rem = num % safe[:, None]
    short = green - fl.sum(axis=1)
    order = np.argsort(-rem, axis=1, kind="stable")   # largest remainder first, stable = lower index first
    ranks = np.empty_like(order); rows = np.arange(cons.shape[0])[:, None]
    ranks[rows, order] = np.arange(cons.shape[1])[None, :]
    alloc = fl + (ranks < short[:, None])
    alloc[tot == 0] = 0
    return alloc

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=1000)
    ap.add_argument("--intervals", type=int, default=35040)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    cons, gen, w = make_data(a.members, a.intervals, a.seed)
    t0 = time.perf_counter()
    alloc = prorata_numpy(cons, gen)
    dt = time.perf_counter() - t0
    assert (alloc <= cons).all() and (alloc.sum(axis=1) == np.minimum(gen, cons.sum(axis=1))).all()
    n = a.members * a.intervals
    print(json.dumps({"impl": "numpy", "member_intervals": n, "seconds": dt, "member_intervals_per_second": n / dt}))

if __name__ == "__main__":
    main()
