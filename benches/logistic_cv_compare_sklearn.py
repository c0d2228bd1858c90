#!/usr/bin/env python3
"""Times a regularisation path with K-fold cross-validation: bayeskit vs scikit-learn's
LogisticRegressionCV (saga) on the same tip-like data and the same lambda grid.

Usage (from the repository root, after `cargo build --release`):
    python3 benches/logistic_cv_compare_sklearn.py [--rows N] [--features P] [--l1-ratio R]
        [--n-lambdas 20] [--min-ratio 1e-3] [--cv 5] [--seed 7] [--threads 2]
        [--sk-tol 1e-4] [--sk-max-iter 1000] [--skip-sklearn] [--sklearn-max-rows M]
        [--skip-bayeskit] [--no-cache]
Defaults: 100000 rows x 100000 features (the defaults of benches/logistic_compare_sklearn.py),
3 classes, R = 0.5, 20 lambdas down to 1e-3 lambda_max, 5 folds, 2 threads on both sides.
To bound the scikit-learn time: --rows 20000 (smaller data for both), --sklearn-max-rows M
(skip scikit-learn when rows > M), --skip-sklearn, or --sk-max-iter.  --skip-bayeskit runs
only the scikit-learn half, on a grid computed here (see "lambda grid").

What it does
------------
1. Data: `tips()` of benches/logistic_compare_sklearn.py (imported, not copied): N rows, P
   features, 3 classes, ~25 Zipf-distributed ids a row; written once as svmlight (zero-based)
   to <tempdir>/bayeskit-tips-NxP.svm, the same file name that script uses, so the two
   benches share it.
2. bayeskit: `target/release/bayeskit logistic path FILE --format svmlight --zero-based
   --l1-ratio R --n-lambdas 20 --min-ratio 1e-3 --cv 5 --seed 7 --threads 2 --json`.
   Timed as a whole command (wall clock, includes reading the file) and by the JSON's
   "seconds" (excludes file reading).  The script stops with an error if the binary is
   missing, exits non-zero or prints something that is not the expected JSON.
3. scikit-learn: LogisticRegressionCV(Cs=<mapped grid>, l1_ratios=[R], solver="saga",
   cv=StratifiedKFold(5, shuffle=True, random_state=7), scoring="neg_log_loss", tol=--sk-tol,
   max_iter=--sk-max-iter, n_jobs=--threads, refit=True, random_state=0) on the in-memory CSR
   matrix, timed around fit() (so file reading is excluded here as well).  `penalty` is not
   passed on scikit-learn >= 1.8 (deprecated there; l1_ratios alone selects elastic-net
   when 0 < R < 1); older versions get penalty="elasticnet" (as generate_logistic.py does).
   The result is cached beside the data file (delete it or pass --no-cache to re-run).
4. Prints both times and their ratio, the two CV curves side by side and the chosen lambdas.

Objective and the lambda <-> C mapping
--------------------------------------
bayeskit minimises  F = (1/n) sum_i (logsumexp(z_i) - z_{i,y_i}) + lambda((1-R)/2 ||W||^2
+ R ||W||_1)  on each training set of n rows (unit weights).  scikit-learn's saga minimises
(1/n) sum_i loss_i + 1/(C n) (same penalty) on its n training rows (derivation in
tests/reference/generate_logistic.py), so the same minimiser needs C = 1/(lambda n).
LogisticRegressionCV fits each fold's path on that fold's n_train = N - |test fold| rows
with ONE C grid for all folds, so C = 1/(lambda n_train) can only hold on average: we use
    C = 1 / (lambda * 0.8 N)          (5 folds: (cv-1)/cv * N in general)
which is exact for the MEAN training-fold size (the test folds partition the N rows, so
mean n_train = N - N/cv exactly); StratifiedKFold's folds differ by a row or two, i.e. a
relative mismatch of the penalty of ~1e-5 per fold (printed).  The final refit on all N rows
at the chosen C_ therefore uses lambda' = 0.8 lambda; we report the chosen lambda as the
grid lambda that C_ was mapped from (the one whose CV score won), which is what bayeskit's
lambda_min means.
The fold assignments differ (bayeskit's seed-7 folds vs StratifiedKFold's), so the two CV
curves agree statistically, not to the digit.

CV quantities (both sides)
--------------------------
cv_loss(lambda) = mean over folds of the held-out mean log-loss (scikit-learn: -neg_log_loss
per fold; `scores_`), cv_se = sd over folds / sqrt(folds) (sd with ddof = 1 here; check
bayeskit's convention before comparing se digits), lambda_min = argmin cv_loss,
lambda_1se = the largest lambda with cv_loss <= cv_loss(lambda_min) + cv_se(lambda_min)
(computed here for scikit-learn's curve; scikit-learn itself only picks the max score).

Lambda grid
-----------
The grid is bayeskit's (the "lambda" of its 20 steps).  With --skip-bayeskit the grid is
computed here: lambda_max = max_jk |grad_W F(0, b0)| / max(R, 1e-3) with b0 the intercept-only
optimum (log class frequencies), i.e. the smallest lambda with W = 0 optimal, then
lambda_k = lambda_max * min_ratio^(k/(n-1)), k = 0..n-1 (log-spaced, decreasing).  When
bayeskit runs, this lambda_max is printed next to bayeskit's as a cross-check.

Needs: pip install numpy scipy scikit-learn
"""
import argparse
import hashlib
import inspect
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import sklearn
from sklearn.datasets import dump_svmlight_file
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import StratifiedKFold

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True     # no __pycache__ in benches/ from the import below
sys.path.insert(0, HERE)
from logistic_compare_sklearn import tips  # noqa: E402  (guarded by __main__, safe to import)

EXE = os.path.join(HERE, "..", "target", "release", "bayeskit")


def fail(msg):
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(2)


def sk_version_tuple():
    parts = []
    for p in sklearn.__version__.split(".")[:2]:
        parts.append(int("".join(ch for ch in p if ch.isdigit()) or 0))
    return tuple(parts)


def lambda_grid(x, y, k, rho, n_lambdas, min_ratio):
    n = x.shape[0]
    freq = np.bincount(y, minlength=k) / n
    Y = np.zeros((n, k))
    Y[np.arange(n), y] = 1.0
    G = np.asarray(x.T @ (freq[None, :] - Y)) / n      # gradient of the loss in W at W = 0, b = b0
    lam_max = float(np.max(np.abs(G))) / max(rho, 1e-3)
    return lam_max, [lam_max * min_ratio ** (i / (n_lambdas - 1)) for i in range(n_lambdas)]


def one_se(lams, loss, se):
    i = int(np.argmin(loss))
    thr = loss[i] + se[i]
    ok = [q for q in range(len(lams)) if loss[q] <= thr]
    return lams[i], max(lams[q] for q in ok)


def run_bayeskit(a, path):
    if not os.path.isfile(EXE):
        fail(f"{os.path.normpath(EXE)} not found: run `cargo build --release` first "
             "(or pass --skip-bayeskit)")
    cmd = [EXE, "logistic", "path", path, "--format", "svmlight", "--zero-based",
           "--l1-ratio", repr(a.l1_ratio), "--n-lambdas", str(a.n_lambdas),
           "--min-ratio", repr(a.min_ratio), "--cv", str(a.cv), "--seed", str(a.seed),
           "--threads", str(a.threads), "--json"]
    print("running:", " ".join(cmd), flush=True)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        fail(f"bayeskit exited with status {proc.returncode}\n--- stderr ---\n{proc.stderr.strip()}")
    try:
        bk = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        fail(f"bayeskit did not print JSON ({e}); stdout starts with {proc.stdout[:300]!r}")
    need = {"lambda_max", "l1_ratio", "steps", "cv", "seconds"}
    step_need = {"lambda", "objective", "loss", "nnz", "iterations", "converged", "cv_loss", "cv_se"}
    if not need <= set(bk) or not bk["steps"] or not all(step_need <= set(s) for s in bk["steps"]) \
            or not {"folds", "seed", "lambda_min", "lambda_1se"} <= set(bk["cv"]):
        fail(f"bayeskit JSON lacks fields: top {sorted(need - set(bk))}, "
             f"stdout starts with {proc.stdout[:300]!r}")
    if len(bk["steps"]) != a.n_lambdas:
        print(f"note: bayeskit returned {len(bk['steps'])} steps, not {a.n_lambdas} "
              "(early stop?); scikit-learn gets the same grid", flush=True)
    return bk, wall


def run_sklearn(a, x, y, lams, cache):
    n = x.shape[0]
    n_train = (a.cv - 1) / a.cv * n
    Cs = [1.0 / (lam * n_train) for lam in lams]
    if cache and os.path.exists(cache):
        with open(cache) as f:
            print(f"scikit-learn result read from cache {cache} (--no-cache to re-run)", flush=True)
            res = json.load(f)
            res["from_cache"] = True
            return res
    folds = StratifiedKFold(a.cv, shuffle=True, random_state=a.seed)
    sizes = [len(tr) for tr, _ in folds.split(np.zeros(n), y)]
    kw = dict(Cs=Cs, l1_ratios=[a.l1_ratio], solver="saga", cv=folds, scoring="neg_log_loss",
              tol=a.sk_tol, max_iter=a.sk_max_iter, n_jobs=a.threads, refit=True, random_state=0)
    if sk_version_tuple() < (1, 8):
        kw["penalty"] = "elasticnet"
    # scikit-learn >= 1.8 has the simplified (array) attributes behind use_legacy_attributes
    new_attrs = "use_legacy_attributes" in inspect.signature(LogisticRegressionCV).parameters
    if new_attrs:
        kw["use_legacy_attributes"] = False
    clf = LogisticRegressionCV(**kw)
    print(f"running scikit-learn LogisticRegressionCV(saga, {len(Cs)} Cs x {a.cv} folds, "
          f"tol {a.sk_tol:g}, max_iter {a.sk_max_iter}, n_jobs {a.threads}) ...", flush=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # ConvergenceWarning: counted from n_iter_
        t0 = time.perf_counter()
        clf.fit(x, y)
        secs = time.perf_counter() - t0
    if new_attrs:
        scores = np.asarray(clf.scores_)[:, 0, :]                    # (folds, Cs)
        n_iter = np.asarray(clf.n_iter_)[:, 0, :]
        paths = np.asarray(clf.coefs_paths_)[:, 0, :, :, :-1]        # (folds, Cs, K, P)
        nz = np.count_nonzero(paths, axis=(2, 3))                    # (folds, Cs)
        C_best = float(clf.C_)
    else:                                                            # legacy dict attributes
        scores = next(iter(clf.scores_.values()))[:, :, 0]           # (folds, Cs)
        n_iter = np.asarray(clf.n_iter_)[0, :, :, 0]
        nz = sum(np.count_nonzero(cp[:, :, 0, :-1], axis=2) for cp in clf.coefs_paths_.values())
        C_best = float(np.ravel(clf.C_)[0])
    losses = -scores
    nnz = np.mean(nz, axis=0).tolist()
    i_best = int(np.argmin([abs(C - C_best) / C_best for C in Cs]))
    res = {
        "seconds": secs,
        "Cs": Cs,
        "cv_loss": losses.mean(axis=0).tolist(),
        "cv_se": (losses.std(axis=0, ddof=1) / math.sqrt(a.cv)).tolist(),
        "mean_nnz": nnz,
        "C_best": C_best,
        "lambda_best": lams[i_best],
        "total_epochs": int(n_iter.sum()),
        "fits_at_max_iter": int(np.sum(n_iter >= a.sk_max_iter)),
        "n_fits": int(n_iter.size),
        "train_sizes": sizes,
        "final_nnz": int(np.count_nonzero(clf.coef_)),
        "sklearn_version": sklearn.__version__,
    }
    if cache:
        with open(cache, "w") as f:
            json.dump(res, f)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--features", type=int, default=100_000)
    ap.add_argument("--l1-ratio", type=float, default=0.5)
    ap.add_argument("--n-lambdas", type=int, default=20)
    ap.add_argument("--min-ratio", type=float, default=1e-3)
    ap.add_argument("--cv", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sk-tol", type=float, default=1e-4)
    ap.add_argument("--sk-max-iter", type=int, default=1000)
    ap.add_argument("--skip-sklearn", action="store_true", help="run only bayeskit")
    ap.add_argument("--sklearn-max-rows", type=int, default=None,
                    help="skip scikit-learn when --rows exceeds this")
    ap.add_argument("--skip-bayeskit", action="store_true",
                    help="run only scikit-learn, on a lambda grid computed here")
    ap.add_argument("--no-cache", action="store_true", help="do not read/write the scikit-learn cache")
    a = ap.parse_args()
    if a.skip_bayeskit and a.skip_sklearn:
        fail("nothing to do (--skip-bayeskit and --skip-sklearn)")
    if not 0.0 <= a.l1_ratio <= 1.0 or a.n_lambdas < 2 or a.cv < 2:
        fail("need 0 <= --l1-ratio <= 1, --n-lambdas >= 2, --cv >= 2")

    t0 = time.perf_counter()
    x, y = tips(a.rows, a.features)
    x = x.tocsr()
    k = int(y.max()) + 1
    path = os.path.join(tempfile.gettempdir(), f"bayeskit-tips-{a.rows}x{a.features}.svm")
    if not os.path.exists(path):
        dump_svmlight_file(x, y, path, zero_based=True)
    print(f"data            {path}: {a.rows} rows, {a.features} features, {k} classes, "
          f"{x.nnz} non-zeros ({time.perf_counter() - t0:.1f} s to generate)", flush=True)
    lam_max_py, grid_py = lambda_grid(x, y, k, a.l1_ratio, a.n_lambdas, a.min_ratio)

    bk = None
    if not a.skip_bayeskit:
        bk, bk_wall = run_bayeskit(a, path)
        lams = [float(s["lambda"]) for s in bk["steps"]]
        print(f"lambda_max      bayeskit {bk['lambda_max']!r}, computed here {lam_max_py!r} "
              f"(rel. diff {(bk['lambda_max'] - lam_max_py) / lam_max_py:.1e})")
    else:
        lams = grid_py

    sk = None
    if a.skip_sklearn:
        print("scikit-learn    skipped (--skip-sklearn)")
    elif a.sklearn_max_rows is not None and a.rows > a.sklearn_max_rows:
        print(f"scikit-learn    skipped ({a.rows} rows > --sklearn-max-rows {a.sklearn_max_rows})")
    else:
        key = hashlib.sha1(json.dumps([lams, a.l1_ratio, a.cv, a.seed, a.sk_tol, a.sk_max_iter,
                                       a.threads, sklearn.__version__]).encode()).hexdigest()[:12]
        cache = None if a.no_cache else path + f".sklearn-cv-{key}.json"
        sk = run_sklearn(a, x, y, lams, cache)

    # ---- report ---------------------------------------------------------------------------
    print()
    n_tr = (a.cv - 1) / a.cv * a.rows
    print(f"lambda grid     {len(lams)} values {lams[0]:.4g} .. {lams[-1]:.4g}; scikit-learn "
          f"C = 1/(lambda * {n_tr:g}) = {1 / (lams[0] * n_tr):.4g} .. {1 / (lams[-1] * n_tr):.4g}")
    if sk:
        ts = sk["train_sizes"]
        print(f"fold sizes      scikit-learn train folds {min(ts)}..{max(ts)} rows (mapping uses "
              f"{n_tr:g}; penalty mismatch per fold <= {max(abs(t - n_tr) for t in ts) / n_tr:.1e})")
    if bk:
        print(f"bayeskit        {bk_wall:8.2f} s wall (whole command), {bk['seconds']:8.2f} s "
              f"reported (excl. file reading); {sum(s['iterations'] for s in bk['steps'])} "
              f"iterations, {sum(not s['converged'] for s in bk['steps'])} steps not converged")
    if sk:
        print(f"scikit-learn    {sk['seconds']:8.2f} s (fit(), {sk['n_fits']} path fits + refit, "
              f"{sk['total_epochs']} epochs, {sk['fits_at_max_iter']} fits hit max_iter "
              f"{a.sk_max_iter}; tol {a.sk_tol:g}; sklearn {sk['sklearn_version']})"
              + ("  [timing from the cache]" if sk.get("from_cache") else ""))
    if bk and sk:
        print(f"ratio           scikit-learn / bayeskit = {sk['seconds'] / bk_wall:.1f}x (wall), "
              f"{sk['seconds'] / bk['seconds']:.1f}x (reported seconds)")
    print()
    hdr = f"{'step':>4} {'lambda':>11}"
    if bk:
        hdr += f" {'bayeskit cv_loss':>16} {'± se':>9} {'nnz':>7}"
    if sk:
        hdr += f" {'sklearn cv_loss':>16} {'± se':>9} {'nnz':>9}"
    print(hdr)
    for i, lam in enumerate(lams):
        line = f"{i:4} {lam:11.5g}"
        if bk:
            s = bk["steps"][i]
            line += f" {s['cv_loss']:16.6f} {s['cv_se']:9.6f} {s['nnz']:7}"
        if sk:
            line += f" {sk['cv_loss'][i]:16.6f} {sk['cv_se'][i]:9.6f} {sk['mean_nnz'][i]:9.1f}"
        marks = []
        if bk and math.isclose(lam, bk["cv"]["lambda_min"], rel_tol=1e-12):
            marks.append("<- bayeskit min")
        if bk and math.isclose(lam, bk["cv"]["lambda_1se"], rel_tol=1e-12):
            marks.append("<- bayeskit 1se")
        if sk and math.isclose(lam, sk["lambda_best"], rel_tol=1e-12):
            marks.append("<- sklearn C_")
        print(line + ("  " + ", ".join(marks) if marks else ""))
    print("(nnz: bayeskit = the step's nnz, i.e. its fit on all rows; sklearn = mean over the folds' fits)")
    print()
    if bk:
        print(f"bayeskit        lambda_min {bk['cv']['lambda_min']:.6g}, lambda_1se "
              f"{bk['cv']['lambda_1se']:.6g}")
    if sk:
        lmin, l1se = one_se(lams, np.array(sk["cv_loss"]), np.array(sk["cv_se"]))
        print(f"scikit-learn    C_ = {sk['C_best']:.6g} -> lambda {sk['lambda_best']:.6g} "
              f"(its argmin; lambda_1se of its curve, computed here: {l1se:.6g}); "
              f"refit nnz {sk['final_nnz']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
