#!/usr/bin/env python3
"""Times one lasso fit of bayeskit against LIBLINEAR's L1-regularised logistic
regression (`-s 6`, through scikit-learn's `solver="liblinear", penalty="l1"`) on the
same tip-like data.

Usage (from the repository root, after `cargo build --release`):
    python3 benches/logistic_compare_liblinear.py [--rows 100000] [--features 100000]
        [--lambda 1e-4] [--tol 1e-7] [--liblinear-tol 1e-4]

The problems are not identical: LIBLINEAR fits one binary model per class (one-vs-rest,
3 fits for 3 classes) and penalises its bias term; bayeskit fits one multinomial model
with unpenalised intercepts. Both use the lasso at the
same C = 1/(lambda N), one thread, file reading excluded. So the times are comparable as
"one L1 fit of this data", and each tool's log-loss on N/5 held-out rows of the same
draw is printed so a faster but worse fit shows.

Needs: pip install numpy scipy scikit-learn
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
from scipy.special import logsumexp
from sklearn.datasets import dump_svmlight_file
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from logistic_compare_sklearn import tips  # noqa: E402

EXE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "bayeskit")


def log_loss(z, y):
    return float(np.mean(logsumexp(z, axis=1) - z[np.arange(len(y)), y]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--features", type=int, default=100_000)
    ap.add_argument("--lambda", dest="lam", type=float, default=1e-4)
    ap.add_argument("--tol", type=float, default=1e-7)
    ap.add_argument("--liblinear-tol", type=float, default=1e-4)
    a = ap.parse_args()
    if not os.path.exists(EXE):
        sys.exit(f"{EXE} is missing: run `cargo build --release` first")
    # One draw from one true model: the first N rows train, the last N/5 are held out.
    xa, ya = tips(a.rows + a.rows // 5, a.features)
    x, y, xt, yt = xa[: a.rows], ya[: a.rows], xa[a.rows:], ya[a.rows:]
    path = os.path.join(tempfile.gettempdir(), f"bayeskit-tips-{a.rows}x{a.features}-train.svm")
    if not os.path.exists(path):
        dump_svmlight_file(x, y, path, zero_based=True)

    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ll = OneVsRestClassifier(LogisticRegression(solver="liblinear", penalty="l1", C=1 / (a.lam * a.rows),
                                                    tol=a.liblinear_tol, max_iter=1000)).fit(x, y)
    t_ll = time.perf_counter() - t0
    # One-vs-rest scores, normalised as scikit-learn's predict_proba does.
    coef = np.vstack([e.coef_ for e in ll.estimators_])
    p = 1 / (1 + np.exp(-(xt @ coef.T + np.concatenate([e.intercept_ for e in ll.estimators_]))))
    p /= p.sum(axis=1, keepdims=True)
    ll_loss = float(np.mean(-np.log(np.clip(p[np.arange(len(yt)), yt], 1e-300, None))))

    model = os.path.join(tempfile.gettempdir(), "bayeskit-liblinear-compare.model")
    out = subprocess.run([EXE, "logistic", "train", path, "--zero-based", "--lambda", str(a.lam), "--l1-ratio", "1",
                          "--tol", str(a.tol), "--uncertainty", "none", "--threads", "1", "-o", model, "--json"],
                         check=True, capture_output=True, text=True)
    bk = json.loads(out.stdout)
    m = json.loads(subprocess.run([EXE, "logistic", "export", "--json", model], check=True, capture_output=True,
                                  text=True).stdout)
    w = np.zeros((a.features, 3))
    for blk in m["weights"]:
        w[blk["feature"]] = blk["values"]
    bk_loss = log_loss(xt @ w + np.array(m["intercepts"]), yt)

    print(f"data       {a.rows} rows x {a.features} features, 3 classes; lasso, lambda {a.lam:g} (C = {1 / (a.lam * a.rows):g})")
    print(f"LIBLINEAR  -s 6 (one-vs-rest, tol {a.liblinear_tol:g}): {t_ll:7.2f} s   held-out log-loss {ll_loss:.5f}   "
          f"{int((coef != 0).sum())} non-zeros")
    print(f"bayeskit   multinomial, tol {a.tol:g}:         {bk['seconds']:7.2f} s   held-out log-loss {bk_loss:.5f}   "
          f"{bk['nnz']} non-zeros ({bk['iterations']} iterations, converged {bk['converged']})")
    print(f"ratio      bayeskit / LIBLINEAR time: {bk['seconds'] / t_ll:.2f}")


if __name__ == "__main__":
    main()
