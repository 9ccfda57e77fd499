#!/usr/bin/env python3
"""Side-by-side timing of diversity.Pairwise and numpy/BLAS on the same machine.

Run from the repository root:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 diversity/testdata/blas.py [N] [D] [REPEATS]

It times numpy's U @ U.T on N random unit vectors of D float64 dimensions (numpy sees the
transpose and calls BLAS syrk, which computes one triangle, as Pairwise does), then numpy doing
the whole job (the matrix, then mean, std and median of its upper triangle), then runs
BenchmarkPairwise with the same N and D, alternating, REPEATS times each, and prints the best
of each and the ratio. The BLAS library and kernel in use are printed with threadpoolctl.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
d = int(sys.argv[2]) if len(sys.argv) > 2 else 1536
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3

try:
    from threadpoolctl import threadpool_info
    for info in threadpool_info():
        print("blas:", info.get("internal_api"), info.get("version"), "kernel", info.get("architecture"), "threads", info.get("num_threads"))
except ImportError:
    print("blas: threadpoolctl not installed")
print("OPENBLAS_CORETYPE =", os.environ.get("OPENBLAS_CORETYPE"))

rng = np.random.default_rng(1)
x = (rng.standard_normal((n, d)) + rng.uniform(0, 2, (n, 1)) * rng.standard_normal(d)).astype(np.float32)
u = x.astype(np.float64)
u /= np.linalg.norm(u, axis=1, keepdims=True)


def numpy_product():
    t = time.perf_counter()
    s = u @ u.T
    dt = time.perf_counter() - t
    del s
    return dt


def numpy_stats():
    t = time.perf_counter()
    s = u @ u.T
    v = s[np.triu_indices(n, 1)]
    r = (v.mean(), v.std(), v.min(), v.max(), np.median(v))
    dt = time.perf_counter() - t
    del s, v
    return dt, r


def go_bench():
    env = dict(os.environ, DIVERSITY_BENCH_N=str(n), DIVERSITY_BENCH_D=str(d))
    out = subprocess.run([binary, "-test.run", "^$", "-test.bench", "BenchmarkPairwise$/fast", "-test.benchtime", "1x"],
                         env=env, capture_output=True, text=True, check=True, cwd="diversity").stdout
    m = re.search(r"([0-9.]+) s/op", out)
    if not m:
        sys.exit("no s/op in:\n" + out)
    return float(m.group(1))


# Build the benchmark once, outside the timings.
binary = os.path.join(tempfile.mkdtemp(), "diversity.test")
subprocess.run(["go", "test", "-c", "-o", binary, "./diversity"], check=True)
prod, full, gos = [], [], []
stats = None
for _ in range(repeats):
    prod.append(numpy_product())
    gos.append(go_bench())
    dt, stats = numpy_stats()
    full.append(dt)
print(f"n={n} d={d} pairs={n*(n-1)//2}")
print(f"numpy U @ U.T (BLAS):           best {min(prod):.3f} s  all {[round(x, 3) for x in prod]}")
print(f"numpy matrix + triu statistics: best {min(full):.3f} s  all {[round(x, 3) for x in full]}  (mean {stats[0]:.6f} std {stats[1]:.6f} median {stats[4]:.6f})")
print(f"diversity.Pairwise (all stats): best {min(gos):.3f} s  all {[round(x, 3) for x in gos]}")
print(f"ratio Pairwise / BLAS product:  {min(gos) / min(prod):.2f}x")
print(f"ratio Pairwise / numpy stats:   {min(gos) / min(full):.2f}x")
