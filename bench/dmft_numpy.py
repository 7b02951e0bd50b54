#!/usr/bin/env python3
"""Reference vectorised numpy implementation of the multi-pass DMFT (docs/dmft.md), used ONLY
by bench/dmft.ts for the speed comparison of the spec. Same equations as the library:
causal noise path (Cholesky extended by one block row per step, normals kept), Stein
response over the stacked cavity fields, histories of h~, e, g, zeta. float64 throughout,
one BLAS thread (override with OPENBLAS_NUM_THREADS in the environment).

usage: dmft_numpy.py TARGET S T [seed]   (TARGET in paper-1, paper-2, paper-3; ReLU, p = k = 2)
prints one JSON line: {"seconds": ..., "M": [[...]] at step T}
"""
import json
import os
import sys
import time

# Single-threaded, like the library's single-thread path (bench/dmft.ts). On the 2-core shared
# machine two BLAS threads are slower, not faster (they spin against other work).
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402  (after the thread settings)

TARGETS = {
    "paper-1": lambda z: z[:, 0] + z[:, 0] * z[:, 1],
    "paper-2": lambda z: np.tanh(z[:, 0] + z[:, 1] ** 3 - 3 * z[:, 1]),
    "paper-3": lambda z: np.tanh(z[:, 0]) + np.tanh(z[:, 1]),
}


def dmft(target, S, T, seed=0, p=2, k=2, alpha=3.0, eta=0.2, lam=0.0):
    rng = np.random.default_rng(seed)
    a = np.array([(1 if j % 2 == 0 else -1) / np.sqrt(p) for j in range(p)])
    kappa = 1 - eta * lam
    z = rng.standard_normal((S, k))
    y = TARGETS[target](z)
    m = np.zeros((p, k))
    N = (T + 1) * p
    C = np.zeros((N, N))
    L = np.zeros((N, N))
    Gam = np.zeros((N, N))
    H = [rng.standard_normal((S, p))]  # h~^0 ~ N(0, Q0 - M0 M0^T) = N(0, I)
    E = [np.zeros((S, p))]
    Gs = []
    Z = []
    Ms = [m.copy()]
    for t in range(T + 1):
        u = H[t] + E[t] + z @ m.T
        yhat = np.maximum(u, 0) @ a
        g = (yhat - y)[:, None] * a[None, :] * (u > 0)
        Gs.append(g)
        Ht = np.concatenate(H[: t + 1], axis=1)  # S x (t+1)p
        Gt = np.concatenate(Gs[: t + 1], axis=1)
        nt = (t + 1) * p
        C[t * p:nt, :nt] = alpha * (g.T @ Gt) / S
        C[:nt, t * p:nt] = C[t * p:nt, :nt].T
        Qt = Ht.T @ Ht / S
        B = alpha * (g.T @ Ht) / S
        Gam[t * p:nt, :nt] = np.linalg.solve(Qt, B.T).T
        # Cholesky block row t
        for i in range(t * p, nt):
            for c in range(i):
                L[i, c] = (C[i, c] - L[i, :c] @ L[c, :c]) / L[c, c] if L[c, c] > 0 else 0.0
            s = C[i, i] - L[i, :i] @ L[i, :i]
            L[i, i] = np.sqrt(s) if s > 1e-12 * C[i, i] else 0.0
        if t == T:
            break
        m = kappa * m - eta * alpha * (g.T @ z) / S
        Ms.append(m.copy())
        Z.append(rng.standard_normal((S, p)))
        Zt = np.concatenate(Z, axis=1)
        omega = Zt @ L[t * p:nt, :nt].T
        Gr = Gam[t * p:nt, :nt]
        H.append(kappa * H[t] - eta * (omega + Ht @ Gr.T))
        Et = np.concatenate(E[: t + 1], axis=1)
        E.append(kappa * E[t] - eta * (g + Et @ Gr.T))
    return Ms


def main():
    target, S, T = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    t0 = time.perf_counter()
    Ms = dmft(target, S, T, seed)
    dt = time.perf_counter() - t0
    print(json.dumps({"seconds": dt, "M": Ms[-1].tolist()}))


if __name__ == "__main__":
    main()
