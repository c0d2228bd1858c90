#!/usr/bin/env python3
"""Times a scipy Dirichlet-multinomial fit against `bayeskit dirichlet fit` on one file.

Usage (from the repository root, after `cargo build --release`):
    python3 benches/dm_compare_scipy.py [FILE] [--rows N]

FILE defaults to the 10M x 5 TSV that `cargo bench --bench dirichlet` writes to the
system temp dir; if it does not exist, this script writes one (N rows, default 10M,
alpha = (0.6, 0.5, 0.9, 2.2, 3.8), totals uniform on 1..50).

The scipy side is what a numpy user would write (the original "Dirichlet prior
calculator" style): load the counts with numpy, then maximise the exact gammaln
log-likelihood over the raw rows with scipy.optimize.minimize (L-BFGS-B in log alpha,
analytic gradient via digamma). Both times are end to end, file to alpha, and the
script checks the two answers agree.

Needs: pip install numpy scipy
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy import optimize, special

ALPHA = np.array([0.6, 0.5, 0.9, 2.2, 3.8])


def write_file(path, n):
    rng = np.random.default_rng(20261125)
    with open(path + ".partial", "w") as f:
        for start in range(0, n, 1_000_000):
            m = min(1_000_000, n - start)
            p = rng.dirichlet(ALPHA, size=m)
            totals = rng.integers(1, 51, size=m)
            x = rng.multinomial(totals, p)
            np.savetxt(f, x, fmt="%d", delimiter="\t")
    os.replace(path + ".partial", path)


def scipy_fit(path):
    with open(path, "rb") as f:
        x = np.fromstring(f.read(), dtype=np.int64, sep=" ")  # tabs and newlines are whitespace
    k = len(open(path).readline().split("\t"))
    x = x.reshape(-1, k).astype(np.float64)
    n = x.sum(axis=1)

    def negll(beta):
        a = np.exp(beta)
        big_a = a.sum()
        ll = (special.gammaln(big_a) - special.gammaln(big_a + n)).sum()
        ll += (special.gammaln(a + x) - special.gammaln(a)).sum()
        g = special.digamma(a + x).sum(axis=0) - len(x) * special.digamma(a)
        g += (special.digamma(big_a) - special.digamma(big_a + n)).sum()
        return -ll, -g * a

    p = x.sum(axis=0) / x.sum()
    res = optimize.minimize(negll, np.log(p * 10), jac=True, method="L-BFGS-B", options={"gtol": 1e-9 * len(x)})
    return np.exp(res.x), res.nit


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rows = 10_000_000
    if "--rows" in sys.argv:
        rows = int(sys.argv[sys.argv.index("--rows") + 1])
        args = [a for a in args if a != str(rows)]
    path = args[0] if args else os.path.join(tempfile.gettempdir(), "bayeskit-bench-dm-10M-x5.tsv")
    if not os.path.exists(path):
        print(f"writing {rows} rows to {path} ...", file=sys.stderr)
        write_file(path, rows)
    exe = os.path.join(os.path.dirname(__file__), "..", "target", "release", "bayeskit")

    t0 = time.perf_counter()
    out = subprocess.run([exe, "dirichlet", "fit", path, "--json"], check=True, capture_output=True, text=True)
    t_bk = time.perf_counter() - t0
    bk = json.loads(out.stdout)

    t0 = time.perf_counter()
    alpha, nit = scipy_fit(path)
    t_sp = time.perf_counter() - t0

    rel = np.max(np.abs(np.array(bk["alpha"]) - alpha) / alpha)
    print(f"file            {path} ({bk['rows']} rows)")
    print(f"bayeskit        {t_bk:8.2f} s   alpha = {np.round(bk['alpha'], 6).tolist()} ({bk['iterations']} Newton steps)")
    print(f"numpy + scipy   {t_sp:8.2f} s   alpha = {np.round(alpha, 6).tolist()} ({nit} L-BFGS-B iterations)")
    print(f"speed-up        {t_sp / t_bk:8.1f}x   max relative difference in alpha {rel:.1e}")


if __name__ == "__main__":
    main()
