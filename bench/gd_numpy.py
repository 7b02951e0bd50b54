"""The paper case's GD step in float64 numpy (the users' current tool), for the speed ratio in
`npm run bench`: d = 5000, n = 15000, p = 2, ReLU, loss summed over the batch (docs/model.md §1).
Prints one JSON line {"ms": best-of-repeats milliseconds per multi-pass step}."""
import json
import sys
import time

import numpy as np

d, n, p = (int(a) for a in sys.argv[1:4]) if len(sys.argv) >= 4 else (5000, 15000, 2)
rng = np.random.default_rng(0)
X = rng.standard_normal((n, d))
y = rng.standard_normal(n)
W = rng.standard_normal((p, d))
a = np.array([(1 if j % 2 == 0 else -1) / np.sqrt(p) for j in range(p)])


def step(W):
    u = X @ W.T / np.sqrt(d)
    r = np.maximum(u, 0) @ a - y
    g = r[:, None] * a[None, :] * (u > 0)
    return W - 0.2 * (g.T @ X) / np.sqrt(d)


step(W)
best = float("inf")
for _ in range(5):
    t0 = time.perf_counter()
    step(W)
    best = min(best, time.perf_counter() - t0)
print(json.dumps({"ms": best * 1000}))
