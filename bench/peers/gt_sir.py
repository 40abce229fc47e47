#!/usr/bin/python3
"""Peer driver for bench/compare_peers: graph-tool's SIRState (discrete time,
synchronous updates, C++ core with OpenMP) on an Erdos-Renyi G(n, m) graph,
m = n c / 2, one random seed vertex per trial. The same law as cyres's SIR
reduction (docs/model.md, "The SIR reduction"): each step an infected vertex infects each
susceptible neighbour with probability beta and recovers with probability gamma.

Usage: gt_sir.py N MEAN_DEGREE BETA GAMMA TRIALS SEED
Threads: OMP_NUM_THREADS. Prints one line of key=value pairs in the format of
cyres_sir_bench. Needs Debian's python3-graph-tool (/usr/bin/python3)."""
import os
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore", category=RuntimeWarning)  # no cairo: drawing is not needed
import graph_tool.all as gt  # noqa: E402


def gnm_edges(n, m, rng):
    """m distinct undirected edges without loops, uniformly at random."""
    edges = np.empty((0, 2), dtype=np.int64)
    while len(edges) < m:
        pairs = rng.integers(0, n, size=(int(1.2 * (m - len(edges))) + 16, 2))
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
        pairs.sort(axis=1)
        edges = np.concatenate([edges, pairs])
        _, first = np.unique(edges[:, 0] * n + edges[:, 1], return_index=True)
        edges = edges[np.sort(first)]
    return edges[:m]


def main():
    if len(sys.argv) != 7:
        sys.exit("usage: gt_sir.py N MEAN_DEGREE BETA GAMMA TRIALS SEED")
    n, c = int(sys.argv[1]), float(sys.argv[2])
    beta, gamma = float(sys.argv[3]), float(sys.argv[4])
    trials, seed = int(sys.argv[5]), int(sys.argv[6])
    gt.seed_rng(seed)
    rng = np.random.default_rng(seed)

    start = time.perf_counter()
    g = gt.Graph(directed=False)
    g.add_vertex(n)
    g.add_edge_list(gnm_edges(n, int(n * c / 2), rng))
    build_s = time.perf_counter() - start

    sizes = []
    cpu_start = time.process_time()
    start = time.perf_counter()
    for _ in range(trials):
        state = gt.SIRState(g, beta=beta, gamma=gamma, v0=int(rng.integers(n)))
        while True:
            state.iterate_sync()
            s = state.get_state().fa
            if not (s == 1).any():  # 0 S, 1 I, 2 R
                break
        sizes.append(int((s == 2).sum()))
    sim_s = time.perf_counter() - start
    cpu_s = time.process_time() - cpu_start

    sizes = np.array(sizes)
    large = sizes[sizes > 0.1 * n]  # large outbreak: above 10 % of N
    threads = os.environ.get("OMP_NUM_THREADS", "all")
    print(f"engine=graph-tool n={n} links={2 * g.num_edges()} trials={trials} threads={threads} "
          f"build_s={build_s:.3f} sim_s={sim_s:.3f} cpu_s={cpu_s:.3f} trials_per_s={trials / sim_s:.2f} "
          f"large={len(large)} large_frac={len(large) / trials:.4f} "
          f"mean_large_size={large.mean() / n if len(large) else 0.0:.4f}")


if __name__ == "__main__":
    main()
