#!/usr/bin/env python3
"""The regularisation path and 5-fold cross-validation: bayeskit against glmnet (R) on the
same generated data and the same lambda grid, one command for both times and objectives.

Usage (from the repository root, after `cargo build --release`; needs numpy, scipy and
scikit-learn, and R with glmnet: Debian's `r-cran-glmnet`):
    python3 benches/logistic_path_compare_glmnet.py [--rows 100000] [--features 100000]
        [--l1-ratio 0.5] [--n-lambdas 20] [--lambda-min 1e-4] [--tol 1e-7] [--folds 5]
        [--threads 1] [--cv-threads 2] [--skip-cv] [--repeat 1]
Not part of `make test` (it takes a minute and needs R).

What it does
------------
1. Data: `tips()` of benches/logistic_compare_sklearn.py (imported, not copied): N rows,
   P features, 3 classes, ~25 Zipf-distributed ids a row, counts 1-2. Written to the temp
   directory as svmlight for bayeskit and as MatrixMarket plus labels for R.
2. The grid: lambda_max = max |d loss / d W| at the intercept-only model / rho (the
   smallest lambda with every weight zero; glmnet's definition for the multinomial too),
   then --n-lambdas values down to --lambda-min, evenly spaced in log lambda. Both tools
   get the same explicit values, so neither stops early.
3. bayeskit: `target/release/bayeskit logistic path FILE --zero-based --lambdas ...
   --uncertainty none --tol T --threads 1 --json`, timed by its JSON "seconds" (the fit
   alone, without reading the file); with --cv 5 for the cross-validation, once on
   --threads 1 and once on --cv-threads.
4. glmnet: `glmnet(x, y, family = "multinomial", alpha = rho, lambda = grid,
   standardize = FALSE)` and `cv.glmnet(..., nfolds = 5)`, timed by system.time around
   the call (R reads the file before the clock starts). glmnet runs one thread.
5. Both last-lambda models are scored here by one function, the objective both minimise:
   F = mean_i (logsumexp(z_i) - z_{i,y_i}) + lambda ((1 - rho)/2 ||W||^2 + rho ||W||_1),
   z_i = x_i W + b (glmnet's multinomial with type.multinomial = "ungrouped", its
   default, is this objective; glmnet stops at a looser optimum than bayeskit's default).
6. Prints the times, their ratios and both objectives.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import scipy.io
import scipy.sparse as sp
from scipy.special import logsumexp
from sklearn.datasets import dump_svmlight_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from logistic_compare_sklearn import tips  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
EXE = os.path.join(ROOT, "target", "release", "bayeskit")

R_SCRIPT = r"""
suppressMessages({library(Matrix); library(glmnet)})
args <- commandArgs(trailingOnly = TRUE)
x <- as(readMM(args[1]), "CsparseMatrix")
y <- factor(scan(args[2], quiet = TRUE))
grid <- scan(args[3], quiet = TRUE)
rho <- as.numeric(args[4]); folds <- as.integer(args[5]); out <- args[6]
t_path <- system.time(f <- glmnet(x, y, family = "multinomial", alpha = rho, lambda = grid,
                                  standardize = FALSE))[["elapsed"]]
b <- coef(f, s = grid[length(grid)], exact = FALSE)
W <- do.call(cbind, lapply(b, function(m) as.numeric(m[-1, 1])))
b0 <- sapply(b, function(m) m[1, 1])
write.table(rbind(b0, W), paste0(out, ".coef"), row.names = FALSE, col.names = FALSE)
t_cv <- NA; cv_min <- NA
if (folds > 1) {
  set.seed(7)
  t_cv <- system.time(cv <- cv.glmnet(x, y, family = "multinomial", alpha = rho, lambda = grid,
                                      standardize = FALSE, nfolds = folds))[["elapsed"]]
  cv_min <- cv$lambda.min
}
cat(sprintf("{\"path_seconds\": %.6f, \"cv_seconds\": %s, \"cv_lambda_min\": %s, \"npasses\": %d}\n",
            t_path, ifelse(is.na(t_cv), "null", sprintf("%.6f", t_cv)),
            ifelse(is.na(cv_min), "null", sprintf("%.17g", cv_min)), f$npasses), file = out)
"""


def objective(x, y, w, b, lam, rho):
    z = x @ w + b
    loss = np.mean(logsumexp(z, axis=1) - z[np.arange(len(y)), y])
    return loss + lam * ((1 - rho) / 2 * (w**2).sum() + rho * np.abs(w).sum())


def lambda_max(x, y, k, rho):
    n = x.shape[0]
    share = np.bincount(y, minlength=k) / n
    resid = share[None, :] - np.eye(k)[y]  # p - onehot at the intercept-only optimum
    return np.abs(x.T @ resid / n).max() / rho


def bayeskit_weights(model_path, p, k):
    out = subprocess.run([EXE, "logistic", "export", "--json", model_path], capture_output=True, text=True, check=True)
    m = json.loads(out.stdout)
    w = np.zeros((p, k))
    for blk in m["weights"]:
        w[blk["feature"]] = blk["values"]
    return w, np.array(m["intercepts"])


def run_bayeskit(data, grid, a, threads, folds, model):
    cmd = [EXE, "logistic", "path", data, "--zero-based", "--uncertainty", "none",
           "--lambdas", ",".join(repr(float(v)) for v in grid), "--l1-ratio", str(a.l1_ratio),
           "--tol", str(a.tol), "--threads", str(threads), "--json", "--output", model]
    if folds > 1:
        cmd += ["--cv", str(folds), "--seed", "7"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"bayeskit failed: {out.stderr}")
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--features", type=int, default=100_000)
    ap.add_argument("--l1-ratio", type=float, default=0.5)
    ap.add_argument("--n-lambdas", type=int, default=20)
    ap.add_argument("--lambda-min", type=float, default=1e-4)
    ap.add_argument("--tol", type=float, default=1e-7)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--cv-threads", type=int, default=2)
    ap.add_argument("--skip-cv", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, help="best of this many runs of each timing")
    a = ap.parse_args()
    if not os.path.exists(EXE):
        sys.exit(f"{EXE} is missing: run `cargo build --release` first")

    k = 3
    x, y = tips(a.rows, a.features, k=k)
    x = sp.csr_matrix(x)
    tmp = tempfile.gettempdir()
    stem = os.path.join(tmp, f"bayeskit-tips-{a.rows}x{a.features}")
    if not os.path.exists(stem + ".svm"):
        dump_svmlight_file(x, y, stem + ".svm", zero_based=True)
    if not os.path.exists(stem + ".mtx"):
        scipy.io.mmwrite(stem + ".mtx", x.tocsc())
        np.savetxt(stem + ".y", y, fmt="%d")
    lmax = lambda_max(x, y, k, a.l1_ratio)
    grid = lmax * (a.lambda_min / lmax) ** (np.arange(a.n_lambdas) / (a.n_lambdas - 1))
    np.savetxt(stem + ".grid", grid, fmt="%.17g")
    folds = 0 if a.skip_cv else a.folds
    print(f"data: {a.rows} rows x {a.features} features, {x.nnz} non-zeros, {k} classes; "
          f"rho {a.l1_ratio}; {a.n_lambdas} lambdas from {lmax:.6g} to {a.lambda_min:g}")

    model = stem + ".bk-last.model"
    bk_path = min((run_bayeskit(stem + ".svm", grid, a, a.threads, 0, model) for _ in range(a.repeat)),
                  key=lambda r: r["seconds"])
    w, b = bayeskit_weights(model, a.features, k)
    f_bk = objective(x, y, w, b, grid[-1], a.l1_ratio)
    bk_cv1 = bk_cv2 = None
    if folds:
        cv_model = stem + ".bk-cv.model"
        bk_cv1 = min((run_bayeskit(stem + ".svm", grid, a, a.threads, folds, cv_model)
                      for _ in range(a.repeat)), key=lambda r: r["seconds"])
        bk_cv2 = min((run_bayeskit(stem + ".svm", grid, a, a.cv_threads, folds, cv_model)
                      for _ in range(a.repeat)), key=lambda r: r["seconds"])

    r_out = stem + ".glmnet.json"
    runs = []
    for _ in range(a.repeat):
        subprocess.run(["Rscript", "-e", R_SCRIPT, stem + ".mtx", stem + ".y", stem + ".grid",
                        str(a.l1_ratio), str(folds), r_out], check=True)
        with open(r_out) as f:
            runs.append(json.load(f))
    gl = {"path_seconds": min(r["path_seconds"] for r in runs), "cv_lambda_min": runs[0]["cv_lambda_min"],
          "cv_seconds": min(r["cv_seconds"] for r in runs) if folds else None}
    coef = np.loadtxt(r_out + ".coef")
    f_gl = objective(x, y, coef[1:], coef[0], grid[-1], a.l1_ratio)

    print(f"\npath ({a.n_lambdas} lambdas, one thread)")
    print(f"  glmnet    {gl['path_seconds']:8.2f} s   objective at the last lambda {f_gl:.10f}")
    print(f"  bayeskit  {bk_path['seconds']:8.2f} s   objective at the last lambda {f_bk:.10f}"
          f"   (tol {a.tol:g}; {bk_path['seconds'] / gl['path_seconds']:.2f}x glmnet's time)")
    print(f"  bayeskit - glmnet objective: {f_bk - f_gl:+.3e} (negative: bayeskit's is lower)")
    if folds:
        chosen = bk_cv1["cv"]["lambda_min"]
        print(f"\n{folds}-fold cross-validation on that grid")
        print(f"  cv.glmnet (1 thread)        {gl['cv_seconds']:8.2f} s   lambda.min {gl['cv_lambda_min']:.6g}")
        for label, r in ((f"bayeskit ({a.threads} thread)", bk_cv1), (f"bayeskit ({a.cv_threads} threads)", bk_cv2)):
            print(f"  {label:<27} {r['seconds']:8.2f} s   ({r['seconds'] / gl['cv_seconds']:.2f}x cv.glmnet's time)")
        print(f"  bayeskit lambda_min {chosen:.6g}")


if __name__ == "__main__":
    main()
