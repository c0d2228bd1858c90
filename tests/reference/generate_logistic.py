#!/usr/bin/env python3
"""Reference optima for elastic-net multinomial logistic regression (bayeskit::logistic).

Run from the repository root:  python3 tests/reference/generate_logistic.py
Writes tests/reference/logistic.json and the data files tests/reference/logistic/NAME.svm
(svmlight text, zero-based feature ids); prints a summary table; exits non-zero if an
accuracy check fails.  Takes 2-3 minutes, almost all of it scikit-learn's SAGA at tol=1e-10
(sparse_k10_mixed alone ~100 s; the own solver needs ~1-3 s per set).
Needs: Python 3, numpy, scipy, scikit-learn (pip install scikit-learn; brings threadpoolctl).  Written against
scikit-learn 1.9.1 (recorded in the JSON); on >= 1.8 the `penalty` argument is deprecated
and only C / l1_ratio are passed; older versions get penalty="elasticnet" as well.

Deterministic: data come from numpy.random.default_rng(<fixed seed>); feature values are
rounded to 4 decimals so that the svmlight text (written with "%.16g") parses back to
exactly the same doubles; every computation uses the matrix READ BACK from the .svm file.
Floats in the JSON are Python repr (shortest round-trip).  BLAS is limited to one thread.
The one non-deterministic field is "sklearn_seconds" (a wall-clock time).

Objective (the one the Rust trainer minimises)
----------------------------------------------
K classes, all parameterised (symmetric multinomial), W: n_features x K, b: K, z_i = W^T x_i + b,
sample weights w_i (1 when "weights" is null):

  F(W, b) = (1/sum_i w_i) sum_i w_i (logsumexp(z_i) - z_{i,y_i})
            + lambda ((1-rho)/2 ||W||_F^2 + rho ||W||_1),        intercepts unpenalised.

`objective(W, b)` below is the single function used for every reported value.

b is only determined up to a common shift (softmax is shift invariant and b is unpenalised);
every reported b is centred, sum_k b_k = 0.  Compare b after centring, or compare probabilities.

Minimum-norm subgradient ("subgrad_inf"): G = gradient of the smooth part (loss gradient +
lambda (1-rho) W); for W_jk != 0 use G_jk + lambda rho sign(W_jk); for W_jk == 0 use
sign(G_jk) max(|G_jk| - lambda rho, 0); the intercept gradient as is; report the inf-norm.

How the references are obtained
-------------------------------
1. Own solver (independent of scikit-learn): FISTA (backtracking, gradient-based adaptive
   restart) from W = 0, b = 0, then an orthant-wise projected Newton polish: Newton steps with
   the exact Hessian on the free set {W_jk != 0} u {violating zeros} u {b}, the L1 term linear
   with fixed signs, steps projected back onto the orthant (entries that would change sign are
   set to exactly 0), Armijo backtracking on F.  Exact zeros therefore come from
   soft-thresholding / the orthant projection.  Run until subgrad_inf < 1e-12 or no progress.
2. scikit-learn LogisticRegression(solver="saga", l1_ratio=rho, C=..., tol=1e-10,
   max_iter=100000, random_state=0), K >= 3: sklearn's multinomial loss is the same symmetric
   parameterisation.  "objective_sklearn" = F at sklearn's (coef_.T, centred intercept_).
   The JSON W, b are those of whichever solution has the lower F (ties -> own solver).

Mapping of C (read off sklearn/linear_model/_logistic.py and _sag.py, version 1.9.1):
for saga, alpha = (1-l1_ratio)/C, beta = l1_ratio/C, then sag_solver divides both by
n_samples ("As in SGD, the alpha is scaled by n_samples"), and the SAG/SAGA gradient
average is sum_i w_i grad loss_i / n_samples.  So sklearn's SAGA minimises
  F_sk = (1/N) sum_i w_i loss_i + 1/(C N) ((1-rho)/2 ||W||^2 + rho ||W||_1).
Ours divides the loss by sum w instead:  F_sk = (sum w / N) * [ (1/sum w) sum_i w_i loss_i
  + 1/(C sum w) (...) ],  so the two have the same minimiser iff  lambda = 1/(C sum_i w_i),
  i.e.  C = 1/(lambda sum_i w_i)   (C = 1/(lambda N) for unit weights).
This is exact (a positive rescaling of the whole objective), not an approximation; the
weighted_k3 entry confirms it (F at sklearn's solution equals ours to the last digit and the
minimum-norm subgradient of OUR objective at sklearn's solution is ~5e-12).  The lbfgs/newton solvers use the same convention
(l2_reg_strength = 1/(C sw_sum)).

K = 2: sklearn fits ONE vector (P(y=1) = sigmoid(w.x + c)).  Our symmetric 2-class problem has
its optimum at W = [-w/2, w/2], b = [-c/2, c/2] (for a fixed difference w = W_1 - W_0, the
penalty (1-rho)/2(W_0^2+W_1^2) + rho(|W_0|+|W_1|) is minimised at W_0 = -W_1), where it
equals lambda((1-rho)/4 ||w||^2 + rho ||w||_1).  That is sklearn's binary elastic net with
lambda' = lambda (1+rho)/2, rho' = 2 rho/(1+rho), C = 1/(lambda' N).  The k2 entry uses
our own solver as the reference and this mapping only as an independent cross-check
("sklearn_mapping" says how objective_sklearn was obtained).

JSON layout
-----------
{ "description": str, "objective_formula": str, "sklearn_version": str, "numpy_version": str,
  "scipy_version": str,
  "datasets": [ {
     "name": str, "file": "tests/reference/logistic/NAME.svm" (relative to the repo root),
     "n_rows": int, "K": int, "classes": [str] (class index k <-> classes[k]; labels in the
        file are the integers 0..K-1), "n_features": int, "lambda": float, "l1_ratio": float,
     "weights": [float] | null, "sklearn_C": float | null, "sklearn_l1_ratio": float | null,
     "sklearn_mapping": str, "objective": float (best F), "objective_own": float,
     "objective_sklearn": float | null, "sklearn_seconds": float | null,
     "sklearn_n_iter": int | null, "sklearn_subgrad_inf": float | null,
     "solution": "own" | "sklearn",
     "W": [[float]*K]*n_features, "b": [float]*K (centred), "nnz": int (#|W_jk| > 0),
     "subgrad_inf": float, "min_abs_nonzero": float | null (smallest |W_jk| > 0),
     "zero_margin": float | null (lambda rho - max |G_jk| over the zero entries: how far the
        zeros are from entering the support; null when rho = 0 or no zeros),
     "proba": [[float]*K]*20 (rows 0..19), "pred": [int]*n_rows
     (argmax class index of every row) } ... ] }
"""

import json
import math
import os
import sys
import time
import warnings

import numpy as np
import scipy
import scipy.linalg
import scipy.sparse
from scipy.special import logsumexp, softmax

import sklearn
from sklearn.datasets import dump_svmlight_file, load_svmlight_file
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

OUT_JSON = os.path.join("tests", "reference", "logistic.json")
OUT_DIR = os.path.join("tests", "reference", "logistic")
SK_TOL = 1e-10
SK_MAX_ITER = 100000
N_PROBA = 20


# ---------------------------------------------------------------------------------------------
# The objective and its derivatives
# ---------------------------------------------------------------------------------------------

class Problem:
    def __init__(self, X, y, K, lam, rho, weights=None):
        self.X = np.asarray(X, dtype=np.float64)          # dense n x d
        self.y = np.asarray(y, dtype=np.int64)
        self.n, self.d = self.X.shape
        self.K = K
        self.lam = float(lam)
        self.rho = float(rho)
        self.w = np.ones(self.n) if weights is None else np.asarray(weights, dtype=np.float64)
        self.wsum = math.fsum(self.w)
        self.Y = np.zeros((self.n, K))
        self.Y[np.arange(self.n), self.y] = 1.0
        self.l2 = self.lam * (1.0 - self.rho)
        self.l1 = self.lam * self.rho


def objective(P, W, b):
    """F(W, b) exactly as defined in the module docstring (THE reported objective)."""
    Z = P.X @ W + b
    lse = logsumexp(Z, axis=1)
    per_row = lse - Z[np.arange(P.n), P.y]
    loss = math.fsum(P.w * per_row) / P.wsum
    pen = P.lam * ((1.0 - P.rho) / 2.0 * math.fsum((W * W).ravel())
                   + P.rho * math.fsum(np.abs(W).ravel()))
    return loss + pen


def smooth_grad(P, W, b):
    """Gradient of the smooth part (loss + lambda (1-rho)/2 ||W||^2)."""
    Z = P.X @ W + b
    Pr = softmax(Z, axis=1)
    R = (P.w / P.wsum)[:, None] * (Pr - P.Y)
    gW = P.X.T @ R + P.l2 * W
    gb = R.sum(axis=0)
    return gW, gb, Pr


def min_norm_subgrad(P, W, b, gW=None, gb=None):
    if gW is None:
        gW, gb, _ = smooth_grad(P, W, b)
    S = np.where(W != 0, gW + P.l1 * np.sign(W),
                 np.sign(gW) * np.maximum(np.abs(gW) - P.l1, 0.0))
    return max(float(np.max(np.abs(S))), float(np.max(np.abs(gb)))), S


def centre(b):
    return b - b.mean()


# ---------------------------------------------------------------------------------------------
# Own solver: FISTA + orthant-wise projected Newton polish
# ---------------------------------------------------------------------------------------------

def soft(V, t):
    return np.sign(V) * np.maximum(np.abs(V) - t, 0.0)


def fista(P, W, b, max_iter=20000, tol=1e-8):
    def fsmooth(W, b):
        Z = P.X @ W + b
        return (math.fsum(P.w * (logsumexp(Z, axis=1) - Z[np.arange(P.n), P.y])) / P.wsum
                + 0.5 * P.l2 * math.fsum((W * W).ravel()))

    L = 1.0
    Wy, by = W.copy(), b.copy()
    t = 1.0
    it = 0
    for it in range(1, max_iter + 1):
        gW, gb, _ = smooth_grad(P, Wy, by)
        fy = fsmooth(Wy, by)
        while True:
            Wn = soft(Wy - gW / L, P.l1 / L)
            bn = by - gb / L
            dW, db = Wn - Wy, bn - by
            q = fy + np.sum(gW * dW) + np.sum(gb * db) + 0.5 * L * (np.sum(dW * dW) + np.sum(db * db))
            if fsmooth(Wn, bn) <= q + 1e-15 * abs(q):
                break
            L *= 2.0
        # gradient-based restart (O'Donoghue & Candes)
        if np.sum((Wy - Wn) * (Wn - W)) + np.sum((by - bn) * (bn - b)) > 0:
            t = 1.0
            Wy, by = Wn.copy(), bn.copy()
        else:
            tn = 0.5 * (1.0 + math.sqrt(1.0 + 4.0 * t * t))
            Wy = Wn + (t - 1.0) / tn * (Wn - W)
            by = bn + (t - 1.0) / tn * (bn - b)
            t = tn
        W, b = Wn, bn
        L *= 0.9
        if it % 50 == 0:
            sg, _ = min_norm_subgrad(P, W, b)
            if sg < tol:
                break
    return W, centre(b), it


def hessian(P, Pr, free_W):
    """Exact Hessian of the smooth part over the free W entries (list of (j,k)) and all b."""
    n, d, K = P.n, P.d, P.K
    js = np.array([j for j, _ in free_W] + [d] * K, dtype=np.int64)
    ks = np.array([k for _, k in free_W] + list(range(K)), dtype=np.int64)
    Xa = np.hstack([P.X, np.ones((n, 1))])
    c = P.w / P.wsum
    m = len(js)
    H = np.zeros((m, m))
    # diagonal-in-class part: sum_i c_i p_ik x_ij x_ij'
    for k in range(K):
        idx = np.nonzero(ks == k)[0]
        if len(idx) == 0:
            continue
        V = Xa[:, js[idx]] * np.sqrt(c * Pr[:, k])[:, None]
        H[np.ix_(idx, idx)] += V.T @ V
    U = Xa[:, js] * Pr[:, ks] * np.sqrt(c)[:, None]
    H -= U.T @ U
    H[np.arange(len(free_W)), np.arange(len(free_W))] += P.l2
    return H, js, ks


def newton_polish(P, W, b, max_iter=100, target=1e-12):
    F = objective(P, W, b)
    sg, _ = min_norm_subgrad(P, W, b)
    history = []
    for _ in range(max_iter):
        if sg < target:
            break
        gW, gb, Pr = smooth_grad(P, W, b)
        # free set and orthant signs: nonzeros keep their sign; zeros enter with -sign(G) if
        # they violate |G| <= lambda rho (for rho = 0 every entry is free, sign irrelevant).
        if P.l1 > 0:
            viol = (W == 0) & (np.abs(gW) > P.l1)
            free = (W != 0) | viol
            s = np.where(W != 0, np.sign(W), -np.sign(gW)) * free
        else:
            free = np.ones_like(W, dtype=bool)
            s = np.zeros_like(W)
        free_W = list(zip(*np.nonzero(free)))
        H, js, ks = hessian(P, Pr, free_W)
        g = np.concatenate([(gW + P.l1 * s)[free], gb])
        # minimum-norm solve (the common shift of b is a null direction)
        evals, evecs = scipy.linalg.eigh(H)
        keep = evals > 1e-13 * evals.max()
        step = -(evecs[:, keep] @ ((evecs[:, keep].T @ g) / evals[keep]))
        dW = np.zeros_like(W)
        dW[free] = step[:len(free_W)]
        db = step[len(free_W):]
        slope = float(g @ step)
        t = 1.0
        accepted = False
        for _ls in range(60):
            Wn = W + t * dW
            if P.l1 > 0:
                Wn = np.where(free & (np.sign(Wn) == s), Wn, 0.0)
                Wn = np.where(free, Wn, 0.0)
            bn = centre(b + t * db)
            Fn = objective(P, Wn, bn)
            sgn, _ = min_norm_subgrad(P, Wn, bn)
            if Fn <= F + 1e-4 * t * slope or (Fn <= F + 4e-16 * abs(F) and sgn < sg):
                accepted = True
                break
            t *= 0.5
        if not accepted:
            break
        W, b, F, sg = Wn, bn, Fn, sgn
        history.append((t, sg))
    return W, b, history


def own_solve(P):
    W0 = np.zeros((P.d, P.K))
    b0 = np.zeros(P.K)
    W, b, fista_iters = fista(P, W0, b0)
    W, b, hist = newton_polish(P, W, b)
    # if the polish stalled above target, alternate a few more FISTA / Newton rounds
    for _ in range(5):
        sg, _ = min_norm_subgrad(P, W, b)
        if sg < 1e-12:
            break
        W, b, _ = fista(P, W, b, max_iter=2000, tol=sg * 1e-2)
        W, b, h2 = newton_polish(P, W, b)
        hist += h2
    return W, b, fista_iters, len(hist)


# ---------------------------------------------------------------------------------------------
# scikit-learn
# ---------------------------------------------------------------------------------------------

def sk_version_tuple():
    parts = []
    for p in sklearn.__version__.split(".")[:2]:
        parts.append(int("".join(ch for ch in p if ch.isdigit()) or 0))
    return tuple(parts)


def sklearn_fit(Xs, y, C, l1_ratio, weights):
    kw = dict(C=C, l1_ratio=l1_ratio, solver="saga", tol=SK_TOL, max_iter=SK_MAX_ITER,
              random_state=0)
    if sk_version_tuple() < (1, 8):
        kw["penalty"] = "elasticnet"
    clf = LogisticRegression(**kw)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        t0 = time.perf_counter()
        clf.fit(Xs, y, sample_weight=None if weights is None else np.asarray(weights))
        secs = time.perf_counter() - t0
    return clf, secs


# ---------------------------------------------------------------------------------------------
# Data sets
# ---------------------------------------------------------------------------------------------

def sample_labels(rng, logits):
    p = softmax(logits, axis=1)
    u = rng.random(len(p))
    y = (np.cumsum(p, axis=1) < u[:, None]).sum(axis=1)
    return np.minimum(y, p.shape[1] - 1)


def round4(A):
    # Python's round() is correctly rounded (the double nearest to the 4-decimal value), so
    # the 16 significant digits of dump_svmlight_file's "%.16g" parse back to the identical
    # double (checked in run_dataset); e.g. 0.6033 is written as 0.6032999999999999.
    return np.array([round(float(v), 4) for v in A.ravel()]).reshape(A.shape)


def make_dense(seed, n, d, K, w_scale, b_scale=0.3):
    rng = np.random.default_rng(seed)
    X = round4(rng.standard_normal((n, d)))
    Wt = rng.standard_normal((d, K)) * w_scale
    bt = rng.standard_normal(K) * b_scale
    y = sample_labels(rng, X @ Wt + bt)
    return X, y


def make_sparse(seed, n, d, K, w_scale, nnz_lo=6, nnz_hi=14, informative=0.3):
    rng = np.random.default_rng(seed)
    pop = 1.0 / (np.arange(d) + 8.0)           # Zipf-like feature popularity
    pop = pop[rng.permutation(d)]
    pop /= pop.sum()
    X = np.zeros((n, d))
    for i in range(n):
        m = int(rng.integers(nnz_lo, nnz_hi + 1))
        cols = rng.choice(d, size=m, replace=False, p=pop)
        X[i, cols] = rng.integers(1, 4, size=m)
    Wt = rng.standard_normal((d, K)) * w_scale * (rng.random((d, 1)) < informative)
    y = sample_labels(rng, X @ Wt + rng.standard_normal(K) * 0.3)
    return X, y


DATASETS = [
    # name, generator, lambda, rho, weighted
    ("dense_k3", lambda: make_dense(101, 300, 8, 3, 0.8), 0.01, 0.5, False),
    ("sparse_k3_l1", lambda: make_sparse(202, 600, 200, 3, 1.0), 0.005, 1.0, False),
    ("sparse_k5_l2", lambda: make_sparse(303, 500, 100, 5, 1.0), 0.01, 0.0, False),
    ("sparse_k10_mixed", lambda: make_sparse(404, 800, 300, 10, 1.2), 0.002, 0.7, False),
    ("k2_mixed", lambda: make_dense(505, 400, 30, 2, 0.4), 0.01, 0.5, False),
    # same X, y as dense_k3 (seed 101), plus weights ~ uniform(0.5, 2) from seed 606
    ("weighted_k3", lambda: make_dense(101, 300, 8, 3, 0.8), 0.01, 0.5, True),
    ("tiny_lambda_k3", lambda: make_dense(707, 200, 10, 3, 0.4), 1e-4, 0.5, False),
]


def run_dataset(name, gen, lam, rho, weighted):
    X, y = gen()
    n, d = X.shape
    K = int(y.max()) + 1
    assert sorted(set(y.tolist())) == list(range(K)), f"{name}: a class is missing"
    weights = None
    if weighted:
        weights = np.random.default_rng(606).uniform(0.5, 2.0, size=n)
    path = os.path.join(OUT_DIR, name + ".svm")
    dump_svmlight_file(X, y, path, zero_based=True)
    Xs, y_read = load_svmlight_file(path, n_features=d, zero_based=True, dtype=np.float64)
    Xs = Xs.tocsr()
    assert np.array_equal(Xs.toarray(), X), f"{name}: svmlight round trip is not exact"
    assert np.array_equal(y_read.astype(np.int64), y)
    P = Problem(Xs.toarray(), y, K, lam, rho, weights)
    # sklearn gets a dense array for dense data, else a CSR matrix with int32 indices
    # (the reader returns int64 indices, which LogisticRegression rejects)
    dense_input = Xs.nnz > 0.5 * n * d
    Xs = P.X.copy() if dense_input else scipy.sparse.csr_matrix(P.X)

    t0 = time.perf_counter()
    W_own, b_own, fista_iters, newton_iters = own_solve(P)
    own_secs = time.perf_counter() - t0
    F_own = objective(P, W_own, b_own)
    sg_own, _ = min_norm_subgrad(P, W_own, b_own)

    # scikit-learn
    if K >= 3:
        C = 1.0 / (lam * P.wsum)
        sk_rho = rho
        clf, sk_secs = sklearn_fit(Xs, y, C, rho, weights)
        W_sk = clf.coef_.T.copy()
        b_sk = centre(clf.intercept_.copy())
        mapping = "multinomial saga, C = 1/(lambda * sum w), l1_ratio = rho"
    else:
        lam2 = lam * (1.0 + rho) / 2.0
        sk_rho = 2.0 * rho / (1.0 + rho)
        C = 1.0 / (lam2 * P.wsum)
        clf, sk_secs = sklearn_fit(Xs, y, C, sk_rho, weights)
        wv = clf.coef_.ravel()
        c = float(clf.intercept_[0])
        W_sk = np.column_stack([-wv / 2.0, wv / 2.0])
        b_sk = np.array([-c / 2.0, c / 2.0])
        mapping = ("binary saga cross-check: lambda' = lambda(1+rho)/2, rho' = 2rho/(1+rho), "
                   "C = 1/(lambda' * sum w); W = [-w/2, w/2], b = [-c/2, c/2]")
    F_sk = objective(P, W_sk, b_sk)
    sg_sk, _ = min_norm_subgrad(P, W_sk, b_sk)
    n_iter = int(np.max(clf.n_iter_))

    if F_sk < F_own:
        W, b, which = W_sk, b_sk, "sklearn"
    else:
        W, b, which = W_own, b_own, "own"
    F = min(F_own, F_sk)
    sg, _ = min_norm_subgrad(P, W, b)
    gW, _, _ = smooth_grad(P, W, b)
    nz = W != 0
    min_abs_nonzero = float(np.min(np.abs(W[nz]))) if nz.any() else None
    zero_margin = float(P.l1 - np.max(np.abs(gW[~nz]))) if (P.l1 > 0 and (~nz).any()) else None
    proba = softmax(P.X[:N_PROBA] @ W + b, axis=1)
    pred = np.argmax(P.X @ W + b, axis=1)

    rec = {
        "name": name,
        "file": path.replace(os.sep, "/"),
        "n_rows": n,
        "K": K,
        "classes": [str(k) for k in range(K)],
        "n_features": d,
        "lambda": lam,
        "l1_ratio": rho,
        "weights": None if weights is None else weights.tolist(),
        "sklearn_C": C,
        "sklearn_l1_ratio": sk_rho,
        "sklearn_mapping": mapping,
        "objective": F,
        "objective_own": F_own,
        "objective_sklearn": F_sk,
        "sklearn_seconds": round(sk_secs, 3),
        "sklearn_n_iter": n_iter,
        "sklearn_subgrad_inf": sg_sk,
        "solution": which,
        "W": W.tolist(),
        "b": b.tolist(),
        "nnz": int(np.count_nonzero(W)),
        "subgrad_inf": sg,
        "min_abs_nonzero": min_abs_nonzero,
        "zero_margin": zero_margin,
        "proba": proba.tolist(),
        "pred": pred.astype(int).tolist(),
    }
    diag = dict(own_secs=own_secs, fista_iters=fista_iters, newton_iters=newton_iters,
                sg_own=sg_own, nnz_own=int(np.count_nonzero(W_own)),
                nnz_sk=int(np.count_nonzero(W_sk)),
                max_dW=float(np.max(np.abs(W_own - W_sk))),
                max_db=float(np.max(np.abs(b_own - b_sk))),
                pred_agree=float(np.mean(np.argmax(P.X @ W_own + b_own, 1)
                                         == np.argmax(P.X @ W_sk + b_sk, 1))))
    return rec, diag


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    records = []
    failures = []
    print(f"sklearn {sklearn.__version__}, numpy {np.__version__}, scipy {scipy.__version__}")
    hdr = (f"{'data set':18} {'K':>2} {'F own':>22} {'F sklearn':>22} {'rel diff':>9} "
           f"{'nnz':>5} {'nnz_sk':>6} {'subgrad':>8} {'sg_sk':>8} {'max|dW|':>8} "
           f"{'sk s':>7} {'own s':>6} {'sk it':>6}")
    rows = []
    with threadpool_limits(limits=1):
        for name, gen, lam, rho, weighted in DATASETS:
            rec, dg = run_dataset(name, gen, lam, rho, weighted)
            records.append(rec)
            rel = (rec["objective_sklearn"] - rec["objective_own"]) / abs(rec["objective_own"])
            rows.append(f"{name:18} {rec['K']:2} {rec['objective_own']:22.17g} "
                        f"{rec['objective_sklearn']:22.17g} {rel:9.2e} {rec['nnz']:5} "
                        f"{dg['nnz_sk']:6} {rec['subgrad_inf']:8.1e} "
                        f"{rec['sklearn_subgrad_inf']:8.1e} {dg['max_dW']:8.1e} "
                        f"{rec['sklearn_seconds']:7.2f} {dg['own_secs']:6.2f} "
                        f"{rec['sklearn_n_iter']:6}")
            print(rows[-1], flush=True)
            print(f"    own: {dg['fista_iters']} FISTA + {dg['newton_iters']} Newton steps; "
                  f"min|W_nz| {rec['min_abs_nonzero']}, zero margin {rec['zero_margin']}, "
                  f"max|db| {dg['max_db']:.1e}, pred agreement own/sk {dg['pred_agree']}",
                  flush=True)
            if rec["subgrad_inf"] > 1e-10:
                failures.append(f"{name}: subgradient {rec['subgrad_inf']:.2e} > 1e-10")
            if abs(rel) > 1e-8:
                failures.append(f"{name}: own and sklearn objectives differ by {rel:.2e}")
            if dg["sg_own"] > 1e-10:
                failures.append(f"{name}: own solver subgradient {dg['sg_own']:.2e}")
    print(hdr)
    for r in rows:
        print(r)

    out = {
        "description": "Reference optima of the elastic-net multinomial logistic objective F "
                       "(see generate_logistic.py docstring). Generated by "
                       "tests/reference/generate_logistic.py",
        "objective_formula": "F(W,b) = (1/sum w) sum_i w_i (logsumexp(z_i) - z_{i,y_i}) "
                             "+ lambda((1-rho)/2 ||W||_F^2 + rho ||W||_1), z_i = W^T x_i + b",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "datasets": records,
    }
    with open(OUT_JSON, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT_JSON} ({os.path.getsize(OUT_JSON)} bytes) and {len(records)} files in {OUT_DIR}")
    if failures:
        print("FAILED CHECKS:\n  " + "\n  ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
