#!/usr/bin/env python3
"""Python-side speed (not a test; `make py-bench`, numbers in docs/python.md).

1. predict_proba on a CSR batch of the Rust benchmark's shape (benches/logistic.rs:
   tip-like rows, 25 Zipf-distributed phrase ids a row, 3 classes, 1e5 features,
   a model trained at lambda 1e-4, l1_ratio 0.5): bayeskit's estimator, its native
   call alone, and scikit-learn's predict_proba with the same coefficients.
2. Single-row scoring through Python: Model.predict_proba_row on prepared arrays
   (the overhead over the Rust single-row benchmark's 113 ns), and the estimator's
   predict_proba on one row.
3. Training to scikit-learn saga's objective, side by side: saga at --sk-tol, its
   objective F_sk in the core's terms, then bayeskit with a decreasing tol until
   its objective is at most F_sk (as benches/logistic_compare_sklearn.py does).

    python benches/bench.py [--rows N] [--features P] [--train-rows N] [--train-features P] [--sk-tol T]
                            [--dump DIR] [--skip-training]

With --dump DIR the model and the rows are written for the Rust side,
`cargo run --release --example rust_batch -- DIR` (same machine, same data).
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import scipy.sparse as sp
from scipy.special import logsumexp
from sklearn.linear_model import LogisticRegression as SkLR

import bayeskit as bk


def tips(n, p, k=3, nnz=25, seed=1):
    """benches/logistic_compare_sklearn.py's generator (the Rust benchmark's shape)."""
    rng = np.random.default_rng(seed)
    truth = np.where(rng.random((2000, k)) < 0.3, rng.uniform(-1.5, 1.5, (2000, k)), 0.0)
    ids = np.minimum(np.exp(rng.random((n, nnz)) * np.log(p)).astype(np.int64) - 1, p - 1)
    vals = rng.integers(1, 3, (n, nnz)).astype(np.float64)
    rows = np.repeat(np.arange(n), nnz)
    x = sp.csr_matrix((vals.ravel(), (rows, ids.ravel())), shape=(n, p))
    x.sum_duplicates()
    z = x[:, :2000] @ truth
    prob = np.exp(z - logsumexp(z, axis=1, keepdims=True))
    y = (rng.random(n)[:, None] > np.cumsum(prob, axis=1)).sum(axis=1)
    return x, np.minimum(y, k - 1)


def best(f, repeat=7, number=1):
    t = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            f()
        t.append((time.perf_counter() - t0) / number)
    return min(t)


def objective(x, y, w, b, lam, rho):
    z = x @ w + b
    loss = np.mean(logsumexp(z, axis=1) - z[np.arange(len(y)), y])
    return loss + lam * ((1 - rho) / 2 * (w**2).sum() + rho * np.abs(w).sum())


def scoring(n, p, dump=None):
    x, y = tips(n, p)
    lam, rho = 1e-4, 0.5
    clf = bk.LogisticRegression(C=1 / (lam * n), l1_ratio=rho, tol=1e-6, laplace="none").fit(x, y)
    print(f"model: {clf.model_.nnz} non-zero weights, objective {clf.info_['objective']:.6f}")
    if dump:
        import os

        os.makedirs(dump, exist_ok=True)
        clf.save(os.path.join(dump, "model.bkm"))
        x.indptr.astype(np.uint64).tofile(os.path.join(dump, "indptr.bin"))
        x.indices.astype(np.uint32).tofile(os.path.join(dump, "indices.bin"))
        x.data.astype(np.float64).tofile(os.path.join(dump, "data.bin"))
    sk = SkLR()
    sk.coef_, sk.intercept_, sk.classes_ = clf.coef_, clf.intercept_, clf.classes_
    sk.n_features_in_ = p
    assert np.allclose(sk.predict_proba(x[:1000]), clf.predict_proba(x[:1000]), rtol=1e-12, atol=1e-15)
    t_est = best(lambda: clf.predict_proba(x))
    indptr = np.ascontiguousarray(x.indptr, dtype=np.uintp)
    idx = np.ascontiguousarray(x.indices, dtype=np.uint32)
    val = np.ascontiguousarray(x.data)
    t_nat = best(lambda: clf.model_.predict_batch("proba", indptr, idx, val))
    t_sk = best(lambda: sk.predict_proba(x))
    print(f"predict_proba, {n} rows x {p} features, 25 nnz, K=3:")
    print(f"  bayeskit estimator   {t_est * 1e3:8.2f} ms  {n / t_est / 1e6:6.2f} M rows/s")
    print(f"  bayeskit native call {t_nat * 1e3:8.2f} ms  {n / t_nat / 1e6:6.2f} M rows/s")
    print(f"  scikit-learn         {t_sk * 1e3:8.2f} ms  {n / t_sk / 1e6:6.2f} M rows/s  ({t_sk / t_est:.1f}x slower)")
    # single rows
    r = x[12345 % n]
    ids = np.ascontiguousarray(r.indices, dtype=np.uint32)
    vals = np.ascontiguousarray(r.data)
    m = clf.model_
    k = 200_000
    t_row = best(lambda: m.predict_proba_row(ids, vals), repeat=5, number=k)
    dense = r.toarray()
    t_est_row = best(lambda: clf.predict_proba(dense), repeat=5, number=2000)
    t_sk_row = best(lambda: sk.predict_proba(dense), repeat=5, number=2000)
    t_call = best(lambda: m.n_features, repeat=5, number=k)  # the cost of any native call
    print("single row:")
    print(f"  Model.predict_proba_row  {t_row * 1e9:8.0f} ns  (a trivial native getter: {t_call * 1e9:.0f} ns)")
    print(f"  estimator.predict_proba  {t_est_row * 1e6:8.1f} µs  (scikit-learn: {t_sk_row * 1e6:.1f} µs)")


def training(n, p, sk_tol):
    x, y = tips(n, p)
    lam, rho = 1e-4, 0.5
    C = 1 / (lam * n)
    sk = SkLR(solver="saga", C=C, l1_ratio=rho, tol=sk_tol, max_iter=10_000, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        sk.fit(x, y)
        t_sk = time.perf_counter() - t0
    f_sk = objective(x, y, sk.coef_.T, sk.intercept_, lam, rho)
    tol = 1e-3
    while True:
        t0 = time.perf_counter()
        clf = bk.LogisticRegression(C=C, l1_ratio=rho, tol=tol, max_iter=10_000, laplace="none").fit(x, y)
        t_bk = time.perf_counter() - t0
        f_bk = clf.info_["objective"]
        if f_bk <= f_sk or tol < 1e-12:
            break
        tol /= 10
    print(f"training, {n} rows x {p} features, K=3, lambda {lam}, l1_ratio {rho}:")
    print(f"  saga (tol {sk_tol})    {t_sk:8.2f} s  objective {f_sk:.8f}  (n_iter {sk.n_iter_[0]})")
    print(f"  bayeskit (tol {tol:.0e}) {t_bk:8.2f} s  objective {f_bk:.8f}  ({t_sk / t_bk:.1f}x faster)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--features", type=int, default=100_000)
    ap.add_argument("--train-rows", type=int, default=20_000)
    ap.add_argument("--train-features", type=int, default=20_000)
    ap.add_argument("--sk-tol", type=float, default=1e-4)
    ap.add_argument("--skip-training", action="store_true")
    ap.add_argument("--dump", help="write the model and rows here for examples/rust_batch.rs")
    a = ap.parse_args()
    scoring(a.rows, a.features, a.dump)
    if not a.skip_training:
        training(a.train_rows, a.train_features, a.sk_tol)


if __name__ == "__main__":
    main()
