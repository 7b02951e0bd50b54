# Reference values for test/repetita.science.test.ts: online SGD and displaced SGD (per-sample
# extra-gradient) written directly in the conventions of Arnaboldi et al. 2024's code, NOT in
# this library's: unit-norm weight w̄ ∈ R^d, unit target w̄* (here e_1, the data being isotropic),
# fields λ = w̄·x, network ŷ = (1/p) Σ a_j relu(λ_j) with p = 1, a = 1, and the step
#     w̄ ← w̄ + γ (y − ŷ(λ̃)) relu′(λ̃) x,   γ = prefactor·n·d^(−1)·p = 0.01/d,
# where λ̃ = λ for SGD and, for displaced SGD, λ̃ = (w̄ + ρ̄ (y − ŷ(λ)) relu′(λ) x)·x with
# ρ̄ = rho_prefactor·p/d = 0.1/d. Starting from a unit w̄ orthogonal to w̄* (init 'zero'), target
# He3(z), z = x_1, d = 256, T = 50·d steps; prints the mean and the standard error (sample
# standard deviation / √S) over S seeds of |cos(w̄, w̄*)| at t = T. The library runs the same
# experiment through the mapping of docs/model.md §5 (η = 0.01, ρ = 0.1 on rows of norm √d).
# Usage: python3 repetitaAuthorsConventions.py [S] [seed]   (numpy; about a minute for S = 1000)
import sys
import numpy as np

def run(algo, d=256, horizon=50, S=1000, seed=0, prefactor=0.01, rho_prefactor=0.1):
    rng = np.random.default_rng(seed)
    gamma, rho = prefactor / d, rho_prefactor / d
    w = rng.standard_normal((S, d))
    w[:, 0] = 0.0
    w /= np.linalg.norm(w, axis=1, keepdims=True)
    relu = lambda v: np.maximum(v, 0.0)
    for _ in range(horizon * d):
        x = rng.standard_normal((S, d))
        z = x[:, 0]
        y = z**3 - 3 * z
        lam = np.einsum('si,si->s', w, x)
        if algo == 'egd':
            r = (y - relu(lam)) * (lam > 0)
            lam = lam + rho * r * np.einsum('si,si->s', x, x)  # (w̄ + ρ̄ r x)·x
        step = gamma * (y - relu(lam)) * (lam > 0)
        w += step[:, None] * x
    cos = np.abs(w[:, 0]) / np.linalg.norm(w, axis=1)
    return cos.mean(), cos.std(ddof=1) / np.sqrt(S)

if __name__ == '__main__':
    S = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    for algo in ('sgd', 'egd'):
        m, se = run(algo, S=S, seed=seed + (algo == 'egd'))
        print(f'{algo} He3 d=256 t=50d: mean |cos| = {m:.5f} ± {se:.5f} (S = {S})')
