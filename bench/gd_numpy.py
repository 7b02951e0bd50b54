"""The paper case's GD step in numpy (the users' current tool), float32 and float64, for the
speed ratios in `npm run bench`: d = 5000, n = 15000, p = 2, ReLU, loss summed over the batch
(docs/model.md §1). Two BLAS threads unless the environment says otherwise; bench/index.ts
starts this script without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (they slow current numpy).

usage: gd_numpy.py [d n p [repeats]]
prints one JSON line: {"f32Ms": ..., "f64Ms": ..., "threads": ..., "blas": "..."}
(best-of-repeats milliseconds per multi-pass step, the two precisions interleaved).
"""
import ctypes
import json
import math
import os
import sys
import time

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "2")

import numpy as np  # noqa: E402  (after the thread settings)


def blas_description():
    """The BLAS numpy uses and the kernel it picked, from threadpoolctl if installed, else from
    OpenBLAS itself (its core name), else numpy's build configuration."""
    try:
        from threadpoolctl import threadpool_info

        for info in threadpool_info():
            if info.get("user_api") == "blas":
                return f"{info.get('internal_api')} {info.get('version')}, kernel {info.get('architecture')}, {info.get('num_threads')} threads"
    except ImportError:
        pass
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower()}
        for path in paths:
            lib = ctypes.CDLL(path)
            for prefix, suffix in (("openblas", ""), ("openblas", "64_"), ("scipy_openblas", "64_"), ("scipy_openblas", "")):
                core = getattr(lib, f"{prefix}_get_corename{suffix}", None)
                config = getattr(lib, f"{prefix}_get_config{suffix}", None)
                if core is not None and config is not None:
                    core.restype = config.restype = ctypes.c_char_p
                    return f"{config().decode().strip()}, kernel {core().decode()}"
    except OSError:
        pass
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')} ({' '.join(str(blas.get('openblas configuration', '')).split())})"
    except Exception:  # noqa: BLE001  (older numpy: no dict mode)
        return "unknown"


def main():
    d, n, p = (int(a) for a in sys.argv[1:4]) if len(sys.argv) >= 4 else (5000, 15000, 2)
    repeats = int(sys.argv[4]) if len(sys.argv) >= 5 else 5
    rng = np.random.default_rng(0)
    X32 = rng.standard_normal((n, d), dtype=np.float32)
    y32 = rng.standard_normal(n, dtype=np.float32)
    W32 = rng.standard_normal((p, d), dtype=np.float32)
    a32 = np.array([(1 if j % 2 == 0 else -1) / np.sqrt(p) for j in range(p)], dtype=np.float32)
    cases = {
        "f32": (X32, y32, W32, a32),
        "f64": (X32.astype(np.float64), y32.astype(np.float64), W32.astype(np.float64), a32.astype(np.float64)),
    }

    # Python-float scalars: a numpy float64 scalar would promote the float32 case to float64.
    scale = 1 / math.sqrt(d)

    def step(X, y, W, a):
        u = (X @ W.T) * scale
        r = np.maximum(u, 0) @ a - y
        g = r[:, None] * a[None, :] * (u > 0)
        return W - 0.2 * scale * (g.T @ X)

    best = {k: float("inf") for k in cases}
    for k, args in cases.items():
        assert step(*args).dtype == args[0].dtype, f"{k} step computed in another precision"
    for _ in range(repeats):
        for k, args in cases.items():
            t0 = time.perf_counter()
            step(*args)
            best[k] = min(best[k], time.perf_counter() - t0)
    print(json.dumps({"f32Ms": best["f32"] * 1000, "f64Ms": best["f64"] * 1000, "threads": int(os.environ["OPENBLAS_NUM_THREADS"]), "blas": blas_description()}))


main()
