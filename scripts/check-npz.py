#!/usr/bin/env python3
"""Checks that .npz files written by multipass-gd load with numpy.load(allow_pickle=False)
and have the documented shapes (README / src/node/io/formatNpz.ts).

Usage: python3 scripts/check-npz.py [FILE.npz ...]
Without files, runs the CLI on a tiny case (d = 200, 2 steps, 2 seeds) through
`npx tsx src/node/cli/main.ts run ... --out TMP.npz` and checks that file.
Exit code 0 when every file passes; prints one line per file.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def check(path):
    with np.load(path, allow_pickle=False) as z:
        names = set(z.files)
        steps = z["steps"]
        assert steps.dtype == np.float64 and steps.ndim == 1, ("steps", steps.dtype, steps.shape)
        t1 = steps.shape[0]
        assert np.array_equal(steps, np.arange(t1)), "steps must be 0..T"
        seeds = z["seeds"]
        assert seeds.dtype == np.int64 and seeds.ndim == 1, ("seeds", seeds.dtype, seeds.shape)
        config = json.loads(str(z["config_json"]))
        # Theory results (config has "method") carry se only where the theory has a Monte-Carlo
        # error (DMFT), and no training error for the single-pass recursion.
        theory = isinstance(config, dict) and "method" in config
        m = z["M_mean"]
        assert m.dtype == np.float64 and m.ndim == 3 and m.shape[0] == t1, ("M_mean", m.shape)
        p, k = m.shape[1], m.shape[2]
        expected = {
            "M": (t1, p, k),
            "Q": (t1, p, p),
            "testError": (t1,),
            "trainError": (t1,),
            "cosine": (t1, p),
            "overlap": (t1, p),
            "orthogonalOverlap": (t1, p, k - 1),
        }
        for name, shape in expected.items():
            for part in ("mean", "se"):
                key = f"{name}_{part}"
                if theory and key not in names and (part == "se" or name == "trainError"):
                    continue
                assert key in names, f"missing {key}"
                a = z[key]
                assert a.dtype == np.float64, (key, a.dtype)
                assert a.shape == shape, (key, a.shape, shape)
        d = z["diverged"]
        assert d.dtype == np.int64 and d.ndim == 2 and d.shape[1] == 2, ("diverged", d.shape)
        cj = z["config_json"]
        assert cj.shape == () and cj.dtype.kind == "U", ("config_json", cj.dtype, cj.shape)
        config = json.loads(str(cj))
        assert isinstance(config, dict), "config_json must hold a JSON object"
        if "p" in config:
            assert config["p"] == p, ("config p", config["p"], p)
        if "k" in config:
            assert config["k"] == k, ("config k", config["k"], k)
        q0 = z["Q_mean"][0]
        assert np.all(np.isfinite(q0)), "Q at t = 0 must be finite"
    print(f"check-npz: ok {path}: T+1={t1} p={p} k={k} seeds={len(seeds)} arrays={len(names)}")


def main(argv):
    paths = argv[1:]
    if not paths:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        tmp = tempfile.mkdtemp(prefix="check-npz-")
        out = os.path.join(tmp, "tiny.npz")
        cli = ["npx", "tsx", "src/node/cli/main.ts"]
        cmd = cli + ["run", "--target", "tanh(z1 + He3(z2))",
                     "--d", "200", "--steps", "2", "--seeds", "2", "--seed", "1", "--quiet", "--out", out]
        subprocess.run(cmd, cwd=root, check=True)
        paths = [out]
        for method in ("dmft", "single-pass"):
            t = os.path.join(tmp, f"theory-{method}.npz")
            # --samples is the DMFT's Monte Carlo size; the single-pass recursion refuses it.
            samples = ["--samples", "20000"] if method == "dmft" else []
            subprocess.run(cli + ["theory", "--method", method, "--target", "paper-2", "--steps", "2",
                                  *samples, "--quiet", "--out", t], cwd=root, check=True)
            paths.append(t)
    failed = 0
    for path in paths:
        try:
            check(path)
        except (AssertionError, KeyError, ValueError, OSError) as e:
            failed += 1
            print(f"check-npz: FAILED {path}: {e!r}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
