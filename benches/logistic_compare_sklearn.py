#!/usr/bin/env python3
"""Times bayeskit's logistic training against scikit-learn's saga on the same file.

Usage (from the repository root, after `cargo build --release`):
    python3 benches/logistic_compare_sklearn.py [--rows N] [--features P] [--lambda L] [--l1-ratio R] [--sk-tol T]

Writes a tip-like svmlight file (N rows, P features, 3 classes, ~25 Zipf-distributed
phrase ids a row) to the system temp dir, fits scikit-learn's
LogisticRegression(solver="saga", l1_ratio=R, C=1/(L*N), tol=T) on one thread,
evaluates our objective F at its solution, then runs `bayeskit logistic train` with a
decreasing tolerance until its objective is at most F_sklearn, and prints both
training times (file reading excluded on both sides), the objectives and the ratio.

Needs: pip install numpy scipy scikit-learn
"""
import argparse
import json
import os
import subprocess
import tempfile
import time
import warnings

import numpy as np
import scipy.sparse as sp
from scipy.special import logsumexp
from sklearn.datasets import dump_svmlight_file
from sklearn.linear_model import LogisticRegression


def tips(n, p, k=3, nnz=25, seed=1):
    rng = np.random.default_rng(seed)
    truth = np.where(rng.random((2000, k)) < 0.3, rng.uniform(-1.5, 1.5, (2000, k)), 0.0)
    ids = np.minimum(np.exp(rng.random((n, nnz)) * np.log(p)).astype(np.int64) - 1, p - 1)
    vals = rng.integers(1, 3, (n, nnz)).astype(np.float64)
    rows = np.repeat(np.arange(n), nnz)
    x = sp.csr_matrix((vals.ravel(), (rows, ids.ravel())), shape=(n, p))
    x.sum_duplicates()
    z = x[:, :2000] @ truth
    prob = np.exp(z - logsumexp(z, axis=1, keepdims=True))
    u = rng.random(n)[:, None]
    y = (u > np.cumsum(prob, axis=1)).sum(axis=1)
    return x, np.minimum(y, k - 1)


def objective(x, y, w, b, lam, rho):
    z = x @ w + b
    loss = np.mean(logsumexp(z, axis=1) - z[np.arange(len(y)), y])
    return loss + lam * ((1 - rho) / 2 * (w ** 2).sum() + rho * np.abs(w).sum())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--features", type=int, default=100_000)
    ap.add_argument("--lambda", dest="lam", type=float, default=1e-4)
    ap.add_argument("--l1-ratio", type=float, default=0.5)
    ap.add_argument("--sk-tol", type=float, default=1e-4)
    a = ap.parse_args()
    x, y = tips(a.rows, a.features)
    path = os.path.join(tempfile.gettempdir(), f"bayeskit-tips-{a.rows}x{a.features}.svm")
    if not os.path.exists(path):
        dump_svmlight_file(x, y, path, zero_based=True)
    model = os.path.join(tempfile.gettempdir(), "bayeskit-compare.model")
    exe = os.path.join(os.path.dirname(__file__), "..", "target", "release", "bayeskit")

    # saga takes minutes here: its result is cached beside the data (delete to re-run).
    cache = path + f".saga-{a.lam:g}-{a.l1_ratio:g}-{a.sk_tol:g}.json"
    if os.path.exists(cache):
        with open(cache) as f:
            t_sk, f_sk, sk_epochs = json.load(f)
    else:
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sk = LogisticRegression(solver="saga", l1_ratio=a.l1_ratio, C=1 / (a.lam * a.rows), tol=a.sk_tol,
                                    max_iter=10_000).fit(x, y)
        t_sk = time.perf_counter() - t0
        f_sk = objective(x, y, sk.coef_.T, sk.intercept_, a.lam, a.l1_ratio)
        sk_epochs = int(sk.n_iter_[0])
        with open(cache, "w") as f:
            json.dump([t_sk, f_sk, sk_epochs], f)

    for tol in [1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9]:
        out = subprocess.run([exe, "logistic", "train", path, "--zero-based", "--lambda", str(a.lam), "--l1-ratio",
                              str(a.l1_ratio), "--tol", str(tol), "-o", model, "--json"],
                             check=True, capture_output=True, text=True)
        bk = json.loads(out.stdout)
        if bk["objective"] <= f_sk:
            break
    print(f"data            {path}: {a.rows} rows, {a.features} features, 3 classes")
    print(f"scikit-learn    saga tol {a.sk_tol:g}: {t_sk:8.2f} s   objective {f_sk:.10f}   ({sk_epochs} epochs)")
    print(f"bayeskit        tol {tol:g}: {bk['seconds']:8.2f} s   objective {bk['objective']:.10f}   "
          f"({bk['iterations']} passes, {bk['nnz']} non-zeros)")
    print(f"speed-up        {t_sk / bk['seconds']:8.1f}x  (bayeskit objective lower by "
          f"{(f_sk - bk['objective']) / f_sk:.1e} relative)")


if __name__ == "__main__":
    main()
