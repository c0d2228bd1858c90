#!/usr/bin/env python3
"""Reference Laplace covariances for sparse multinomial logistic regression (bayeskit issue 6).

Run from anywhere (paths are resolved from this file; the repository root is two levels up):
    python3 tests/reference/generate_laplace.py
Reads tests/reference/logistic.json (the reference optima written by generate_logistic.py) and
the data files tests/reference/logistic/NAME.svm; writes tests/reference/laplace.json (about
0.7 MB); prints a summary table; exits non-zero if a self-check fails.  Takes 3-5 seconds
(most of it the finite-difference check of the 1064 x 1064 Hessian of sparse_k10_mixed).
The pseudo-inverse branches are not reached by these 7 cases (see "full" below); they were
exercised by forcing lambda2 = 0 on dense_k3, sparse_k10_mixed and k2_mixed.
Needs: Python 3, numpy, scipy, scikit-learn (only for load_svmlight_file) and threadpoolctl
(comes with scikit-learn).  Versions are recorded in the JSON.

Deterministic: no random numbers at all; BLAS is limited to one thread; the data are the
matrices READ BACK from the .svm files exactly as generate_logistic.py does
(load_svmlight_file(path, n_features=n_features, zero_based=True, dtype=float64), densified).
Floats in the JSON are Python repr (shortest round-trip); nothing is rounded.

Objective (see generate_logistic.py)
------------------------------------
  F(W, b) = (1/sum_i w_i) sum_i w_i (logsumexp(z_i) - z_{i,y_i})
            + lambda ((1-rho)/2 ||W||_F^2 + rho ||W||_1),   z_i = W^T x_i + b,
W: n_features x K, b: K (unpenalised), w_i = 1 when "weights" is null.
s_i = w_i / W_tot, W_tot = sum_i w_i (= N for unit weights), p_i = softmax(z_i),
A_i = diag(p_i) - p_i p_i^T (K x K), lambda2 = lambda (1-rho).

Laplace approximation at the reference optimum (W, b of logistic.json)
---------------------------------------------------------------------
Precision = W_tot * Hessian of F, restricted to the ACTIVE weights {(j,c): W_jc != 0} and the
intercepts.  Weights that are exactly 0 are held at 0 (variance 0; their rows/columns in the
reported blocks are 0).  The L1 term is linear at fixed signs, so it adds nothing to the
Hessian.

full  : theta = (active weights, feature-major then class; b_0 .. b_{K-2}); b_{K-1} is held
        fixed as the gauge (softmax is shift invariant and b is unpenalised, so the precision
        is singular along the common intercept shift).  With J_i the K x m Jacobian of z_i in
        theta (dz_ic/dW_jc = x_ij, dz_ic/db_c = 1):
            H = W_tot [ sum_i s_i J_i^T A_i J_i + lambda2 I_weights ]      (0 on intercepts)
        Cov = H^-1 (numpy.linalg.inv; "inverse": "inv").  H is singular only when lambda2 = 0
        and some feature has all K weights active (shifting that feature's K weights by a
        common amount changes nothing); then "inverse": "pinv" and Cov is the Moore-Penrose
        pseudo-inverse, computed with the known null space N (orthonormal columns
        1_K/sqrt(K) on such a feature's weights) as  (H + c N N^T)^-1 - N N^T / c,
        c = trace(H)/m, and cross-checked against numpy.linalg.pinv(hermitian=True).
        NB: with rho = 1 (lambda2 = 0) and K odd this can never happen: at the optimum the K
        gradient components of a feature sum to 0 (sum_c (p_ic - y_ic) = 0), but for an all-
        active feature they are -lambda sign(W_jc), whose sum is odd.
        Reported: "variances" (n_features x K, 0 for inactive weights), "blocks" (per feature
        with any active weight, {"feature": j, "cov": K x K}, rows/cols of inactive classes
        0), "intercept_cov": the (K-1) x (K-1) intercept block embedded into K x K with a zero
        last row/column, then projected Sigma <- C Sigma C with C = I - 1 1^T / K; this is
        the intercept block of the Moore-Penrose pseudo-inverse of the symmetric precision
        (all K intercepts), i.e. the covariance on the sum-to-zero subspace (self-check d).
block : per feature j with any active weight, over its active classes A_j:
            H_j = W_tot [ sum_i s_i x_ij^2 A_i + lambda2 I ]  restricted to A_j,
        Cov_j = H_j^-1, or the pseudo-inverse (same null-space formula, N = 1_K/sqrt(K)) when
        lambda2 = 0 and all K classes are active; embedded in K x K with zeros for inactive
        classes.  Intercepts: pinv(W_tot sum_i s_i A_i) (K x K, singular along 1, always
        pinv).  "inverse" is "inv" if every weight block was inverted, else "pinv";
        "n_pinv_blocks" counts the pseudo-inverted weight blocks.  H_j is exactly the
        diagonal block of the full H, so Cov_j is the CONDITIONAL covariance of feature j's
        weights given everything else and var_block <= var_full (asserted).
block_vs_full: max / median / min of var_block / var_full over the active weights.

Self-checks (exit 1 on failure)
-------------------------------
(a) the analytic full H agrees with central finite differences (step 1e-4) of an analytic
    gradient of W_tot * F (smooth part + lambda rho sign(W_ref) . W, i.e. L1 linear at the
    reference signs; inactive weights stay 0, b_{K-1} fixed): max|H_fd - H| <= 1e-6 max|H|;
(b) the minimum-norm subgradient of F at the reference optimum (same definition as in
    generate_logistic.py) is < 1e-8, so the Laplace point is the optimum;
(c) H is exactly symmetric (it is symmetrised after assembly; the assembly asymmetry is
    reported) and positive definite (Cholesky succeeds, smallest eigenvalue > 0) in every
    case where inv was used; for pinv, H N ~ 0 and H + c N N^T is positive definite;
(d) the full-mode intercept_cov and weight covariance equal the corresponding blocks of the
    pseudo-inverse of the precision in the symmetric parameterisation (all K intercepts);
(e) the block route (per-feature sums of x_ij^2 s_i A_i) reproduces the diagonal blocks of
    the full H (class-pair assembly) to 1e-12 relative, and var_block <= var_full (1e-9).

Why this is independent of the Rust code: dense numpy / LAPACK linear algebra on the dense
data matrix, the Hessian assembled class pair by class pair from the Jacobian definition (not
the sparse per-row accumulation a solver would use), and checked against finite differences
of a separately written gradient; nothing here is read from bayeskit.  It is also
independent of generate_logistic.py's own Newton Hessian (that code is not imported).

JSON layout
-----------
{ "description": str, "formulas": {str: str}, "numpy_version", "scipy_version",
  "sklearn_version", "python_version": str,
  "cases": [ { "name", "file" (relative to the repo root), "K", "n_features", "n_rows",
     "lambda", "l1_ratio", "weights" ([float] | null, as in logistic.json), "w_tot",
     "n_active" (active weights), "subgrad_inf" (check b),
     "full":  { "inverse": "inv" | "pinv", "variances": [[float]*K]*n_features,
                "blocks": [{"feature": int, "cov": [[float]*K]*K}, ...],
                "blocks_truncated": bool (true if only the first 10 active features kept),
                "intercept_cov": [[float]*K]*K, "min_eig": float, "cond": float },
     "block": { "inverse": ..., "n_pinv_blocks": int, "variances", "blocks",
                "blocks_truncated", "intercept_cov" },
     "block_vs_full": {"max_ratio", "median_ratio", "min_ratio"} } ... ] }
Covariance matrices are symmetrised ((S + S^T)/2) after inversion.
"""

import json
import math
import os
import platform
import sys
import time

import numpy as np
import scipy
import scipy.linalg
from scipy.special import softmax

import sklearn
from sklearn.datasets import load_svmlight_file
from threadpoolctl import threadpool_limits

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
IN_JSON = os.path.join(HERE, "logistic.json")
OUT_JSON = os.path.join(HERE, "laplace.json")
FD_STEP = 1e-4
FD_TOL = 1e-6
SUBGRAD_TOL = 1e-8
MAX_BYTES = 3_000_000
KEEP_BLOCKS = 10


class Case:
    def __init__(self, rec):
        self.rec = rec
        self.name = rec["name"]
        self.K = int(rec["K"])
        self.d = int(rec["n_features"])
        self.lam = float(rec["lambda"])
        self.rho = float(rec["l1_ratio"])
        self.l2 = self.lam * (1.0 - self.rho)
        self.l1 = self.lam * self.rho
        path = os.path.join(ROOT, rec["file"])
        Xs, y = load_svmlight_file(path, n_features=self.d, zero_based=True, dtype=np.float64)
        self.X = Xs.toarray()
        self.y = y.astype(np.int64)
        assert np.array_equal(self.y, y), f"{self.name}: non-integer labels"
        self.n = self.X.shape[0]
        assert self.n == rec["n_rows"], f"{self.name}: row count differs from logistic.json"
        self.w = np.ones(self.n) if rec["weights"] is None else np.asarray(rec["weights"], dtype=np.float64)
        self.w_tot = math.fsum(self.w)
        self.s = self.w / self.w_tot
        self.Y = np.zeros((self.n, self.K))
        self.Y[np.arange(self.n), self.y] = 1.0
        self.W = np.asarray(rec["W"], dtype=np.float64)
        self.b = np.asarray(rec["b"], dtype=np.float64)
        assert self.W.shape == (self.d, self.K) and self.b.shape == (self.K,)
        self.active = self.W != 0
        # feature-major then class (C order of the n_features x K array)
        self.aj, self.ac = np.nonzero(self.active)
        self.nw = len(self.aj)
        self.Pr = softmax(self.X @ self.W + self.b, axis=1)


# ---------------------------------------------------------------------------------------------
# (b) optimality of the reference point
# ---------------------------------------------------------------------------------------------

def subgrad_inf(c):
    R = c.s[:, None] * (c.Pr - c.Y)
    G = c.X.T @ R + c.l2 * c.W
    S = np.where(c.W != 0, G + c.l1 * np.sign(c.W), np.sign(G) * np.maximum(np.abs(G) - c.l1, 0.0))
    return max(float(np.max(np.abs(S))), float(np.max(np.abs(R.sum(axis=0)))))


# ---------------------------------------------------------------------------------------------
# full mode
# ---------------------------------------------------------------------------------------------

def full_hessian(c, n_intercepts):
    """H over theta = (active weights; b_0 .. b_{n_intercepts-1}), assembled class pair by class
    pair: H[(j,k),(j',k')] = W_tot sum_i s_i xt_ij xt_ij' (delta_kk' p_ik - p_ik p_ik') + ...,
    xt = [x, 1] (the 1 column is the intercept).  Returns (H, max assembly asymmetry)."""
    K = c.K
    Xt = np.hstack([c.X, np.ones((c.n, 1))])
    cols = np.concatenate([c.aj, np.full(n_intercepts, c.d)])
    cls = np.concatenate([c.ac, np.arange(n_intercepts)])
    m = len(cols)
    H = np.zeros((m, m))
    idx = [np.nonzero(cls == k)[0] for k in range(K)]
    asym = 0.0
    for k in range(K):
        if len(idx[k]) == 0:
            continue
        Xk = Xt[:, cols[idx[k]]]
        for k2 in range(k, K):
            if len(idx[k2]) == 0:
                continue
            a = c.s * ((c.Pr[:, k] if k == k2 else 0.0) - c.Pr[:, k] * c.Pr[:, k2])
            B = Xk.T @ (a[:, None] * Xt[:, cols[idx[k2]]])
            if k == k2:
                asym = max(asym, float(np.max(np.abs(B - B.T))) / max(float(np.max(np.abs(B))), 1e-300))
                B = 0.5 * (B + B.T)
                H[np.ix_(idx[k], idx[k])] = B
            else:
                H[np.ix_(idx[k], idx[k2])] = B
                H[np.ix_(idx[k2], idx[k])] = B.T
    H[np.arange(c.nw), np.arange(c.nw)] += c.l2
    H *= c.w_tot
    return H, asym


def theta_grad(c, theta):
    """Analytic gradient of W_tot * (smooth part of F + lambda rho sign(W_ref) . W) in theta =
    (active weights; b_0 .. b_{K-2}); inactive weights 0, b_{K-1} at its reference value."""
    W = np.zeros_like(c.W)
    W[c.aj, c.ac] = theta[:c.nw]
    b = c.b.copy()
    b[:c.K - 1] = theta[c.nw:]
    Z = c.X @ W + b
    Z -= Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    Pr = E / E.sum(axis=1, keepdims=True)
    R = c.s[:, None] * (Pr - c.Y)
    gW = c.X.T @ R + c.l2 * W + c.l1 * np.sign(c.W)
    gb = R.sum(axis=0)
    return c.w_tot * np.concatenate([gW[c.aj, c.ac], gb[:c.K - 1]])


def fd_check(c, H):
    theta0 = np.concatenate([c.W[c.aj, c.ac], c.b[:c.K - 1]])
    m = len(theta0)
    Hfd = np.empty((m, m))
    for a in range(m):
        tp = theta0.copy()
        tm = theta0.copy()
        tp[a] += FD_STEP
        tm[a] -= FD_STEP
        Hfd[:, a] = (theta_grad(c, tp) - theta_grad(c, tm)) / (2.0 * FD_STEP)
    return float(np.max(np.abs(Hfd - H)) / np.max(np.abs(H)))


def pinv_known_null(H, N):
    """Moore-Penrose pseudo-inverse of symmetric H whose null space is spanned by the
    orthonormal columns of N: (H + c N N^T)^-1 - N N^T / c."""
    cst = float(np.trace(H)) / H.shape[0]
    NN = N @ N.T
    M = H + cst * NN
    scipy.linalg.cholesky(M, lower=True)       # raises if not positive definite
    G = np.linalg.inv(M) - NN / cst
    return 0.5 * (G + G.T)


def check_pinv(H, G, N, what, failures):
    rel_null = float(np.max(np.abs(H @ N))) / float(np.max(np.abs(H)))
    if rel_null > 1e-10:
        failures.append(f"{what}: claimed null space is not null (|H N|/|H| = {rel_null:.1e})")
    Gn = np.linalg.pinv(H, hermitian=True, rtol=1e-10)
    rel = float(np.max(np.abs(Gn - G))) / float(np.max(np.abs(G)))
    if rel > 1e-8:
        failures.append(f"{what}: pseudo-inverse differs from numpy.linalg.pinv by {rel:.1e}")


def full_mode(c, failures):
    K = c.K
    H, asym = full_hessian(c, K - 1)
    fd = fd_check(c, H)
    if fd > FD_TOL:
        failures.append(f"{c.name}: finite-difference Hessian differs by {fd:.1e} (relative)")
    if not np.array_equal(H, H.T):
        failures.append(f"{c.name}: H not symmetric")
    # structural null space: lambda2 = 0 and all K weights of a feature active
    full_feats = [j for j in range(c.d) if c.active[j].all()] if c.l2 == 0 else []
    m = H.shape[0]
    ev = np.linalg.eigvalsh(H)
    if full_feats:
        N = np.zeros((m, len(full_feats)))
        for q, j in enumerate(full_feats):
            N[np.nonzero(c.aj == j)[0], q] = 1.0 / math.sqrt(K)
        Cov = pinv_known_null(H, N)
        check_pinv(H, Cov, N, f"{c.name} full", failures)
        inverse = "pinv"
        pos = ev[len(full_feats):]
        min_eig = float(pos[0])
        cond = float(pos[-1] / pos[0])
    else:
        N = np.zeros((m, 0))
        try:
            scipy.linalg.cholesky(H, lower=True)
        except np.linalg.LinAlgError:
            failures.append(f"{c.name}: H is not positive definite (Cholesky failed)")
        if ev[0] <= 0:
            failures.append(f"{c.name}: smallest eigenvalue of H is {ev[0]:.3e} <= 0")
        Cov = np.linalg.inv(H)
        Cov = 0.5 * (Cov + Cov.T)
        inverse = "inv"
        min_eig = float(ev[0])
        cond = float(ev[-1] / ev[0])

    var = np.zeros((c.d, K))
    var[c.aj, c.ac] = np.diag(Cov)[:c.nw]
    blocks = []
    for j in np.unique(c.aj):
        ii = np.nonzero(c.aj == j)[0]
        B = np.zeros((K, K))
        B[np.ix_(c.ac[ii], c.ac[ii])] = Cov[np.ix_(ii, ii)]
        blocks.append({"feature": int(j), "cov": B.tolist()})
    S = np.zeros((K, K))
    S[:K - 1, :K - 1] = Cov[c.nw:, c.nw:]
    C = np.eye(K) - np.ones((K, K)) / K
    Sb = C @ S @ C
    Sb = 0.5 * (Sb + Sb.T)

    # (d) symmetric parameterisation: all K intercepts, Moore-Penrose pseudo-inverse
    Hs, _ = full_hessian(c, K)
    Ns = np.zeros((m + 1, N.shape[1] + 1))
    Ns[:m - (K - 1), :N.shape[1]] = N[:c.nw]
    Ns[c.nw:, -1] = 1.0 / math.sqrt(K)
    Gs = pinv_known_null(Hs, Ns)
    scale = float(np.max(np.abs(Cov)))
    dd = max(float(np.max(np.abs(Gs[c.nw:, c.nw:] - Sb))),
             float(np.max(np.abs(Gs[:c.nw, :c.nw] - Cov[:c.nw, :c.nw])))) / scale
    if dd > 1e-8:
        failures.append(f"{c.name}: gauge-fixed covariance differs from the symmetric "
                        f"pseudo-inverse by {dd:.1e}")
    out = {"inverse": inverse, "variances": var.tolist(), "blocks": blocks,
           "blocks_truncated": False, "intercept_cov": Sb.tolist(),
           "min_eig": min_eig, "cond": cond}
    diag = dict(H=H, var=var, fd=fd, asym=asym, gauge=dd, m=m, full_feats=len(full_feats))
    return out, diag


# ---------------------------------------------------------------------------------------------
# block mode
# ---------------------------------------------------------------------------------------------

def block_mode(c, Hfull, failures):
    K, n = c.K, c.n
    X2s = (c.X * c.X) * c.s[:, None]                       # s_i x_ij^2
    D = X2s.T @ c.Pr                                        # d x K: sum_i s_i x_ij^2 p_ik
    PP = (c.Pr[:, :, None] * c.Pr[:, None, :]).reshape(n, K * K)
    O = (X2s.T @ PP).reshape(c.d, K, K)                     # sum_i s_i x_ij^2 p_ik p_ik'
    var = np.zeros((c.d, K))
    blocks = []
    n_pinv = 0
    worst_diag = 0.0
    for j in np.unique(c.aj):
        A = np.nonzero(c.active[j])[0]
        M = np.diag(D[j]) - O[j]
        Hj = c.w_tot * (M[np.ix_(A, A)] + c.l2 * np.eye(len(A)))
        Hj = 0.5 * (Hj + Hj.T)
        # (e) compare with the diagonal block of the full H
        ii = np.nonzero(c.aj == j)[0]
        Hf = Hfull[np.ix_(ii, ii)]
        worst_diag = max(worst_diag, float(np.max(np.abs(Hf - Hj)) / np.max(np.abs(Hf))))
        if c.l2 == 0 and len(A) == K:
            N = np.full((K, 1), 1.0 / math.sqrt(K))
            G = pinv_known_null(Hj, N)
            check_pinv(Hj, G, N, f"{c.name} block feature {j}", failures)
            n_pinv += 1
        else:
            try:
                scipy.linalg.cholesky(Hj, lower=True)
            except np.linalg.LinAlgError:
                failures.append(f"{c.name}: block of feature {j} not positive definite")
            G = np.linalg.inv(Hj)
            G = 0.5 * (G + G.T)
        B = np.zeros((K, K))
        B[np.ix_(A, A)] = G
        var[j] = np.diag(B)
        blocks.append({"feature": int(j), "cov": B.tolist()})
    if worst_diag > 1e-12:
        failures.append(f"{c.name}: block Hessians differ from the full H's diagonal blocks "
                        f"by {worst_diag:.1e}")
    Mb = c.w_tot * (np.diag(c.s @ c.Pr) - (c.Pr * c.s[:, None]).T @ c.Pr)
    Mb = 0.5 * (Mb + Mb.T)
    N = np.full((K, 1), 1.0 / math.sqrt(K))
    Sb = pinv_known_null(Mb, N)
    check_pinv(Mb, Sb, N, f"{c.name} block intercepts", failures)
    out = {"inverse": "pinv" if n_pinv else "inv", "n_pinv_blocks": n_pinv,
           "variances": var.tolist(), "blocks": blocks, "blocks_truncated": False,
           "intercept_cov": Sb.tolist()}
    return out, dict(var=var, diag_match=worst_diag)


# ---------------------------------------------------------------------------------------------

def run_case(rec, failures):
    t0 = time.perf_counter()
    c = Case(rec)
    sg = subgrad_inf(c)
    if not sg < SUBGRAD_TOL:
        failures.append(f"{c.name}: subgradient at the reference optimum {sg:.2e} >= {SUBGRAD_TOL}")
    full, fd = full_mode(c, failures)
    block, bd = block_mode(c, fd["H"], failures)
    ratio = bd["var"][c.active] / fd["var"][c.active]
    if not np.all(fd["var"][c.active] > 0):
        failures.append(f"{c.name}: non-positive full variance")
    bvf = {"max_ratio": float(np.max(ratio)), "median_ratio": float(np.median(ratio)),
           "min_ratio": float(np.min(ratio))}
    if bvf["max_ratio"] > 1.0 + 1e-9:
        failures.append(f"{c.name}: a block variance exceeds the full one (ratio {bvf['max_ratio']!r})")
    out = {
        "name": c.name,
        "file": rec["file"],
        "K": c.K,
        "n_features": c.d,
        "n_rows": c.n,
        "lambda": c.lam,
        "l1_ratio": c.rho,
        "weights": rec["weights"],
        "w_tot": c.w_tot,
        "n_active": int(c.nw),
        "subgrad_inf": sg,
        "full": full,
        "block": block,
        "block_vs_full": bvf,
    }
    info = dict(m=fd["m"], fd=fd["fd"], asym=fd["asym"], gauge=fd["gauge"], sg=sg,
                diag_match=bd["diag_match"], secs=time.perf_counter() - t0, l2=c.l2)
    return out, info


def dump(out):
    return json.dumps(out, indent=None, separators=(",", ":")) + "\n"


def main():
    with open(IN_JSON) as f:
        ref = json.load(f)
    failures = []
    cases = []
    rows = []
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, sklearn {sklearn.__version__}, "
          f"python {platform.python_version()}")
    hdr = (f"{'case':17} {'K':>2} {'d':>4} {'m':>5} {'lambda2':>8} {'inv':>4} {'cond(H)':>8} "
           f"{'fd err':>8} {'subgrad':>8} {'gauge':>8} {'blk=H':>8} "
           f"{'max b/f':>8} {'med b/f':>8} {'min b/f':>8} {'secs':>5}")
    print(hdr)
    t_all = time.perf_counter()
    with threadpool_limits(limits=1):
        for rec in ref["datasets"]:
            case, info = run_case(rec, failures)
            cases.append(case)
            r = case["block_vs_full"]
            rows.append(f"{case['name']:17} {case['K']:2} {case['n_features']:4} {info['m']:5} "
                        f"{info['l2']:8.1e} {case['full']['inverse']:>4} {case['full']['cond']:8.1e} "
                        f"{info['fd']:8.1e} {info['sg']:8.1e} {info['gauge']:8.1e} "
                        f"{info['diag_match']:8.1e} {r['max_ratio']:8.4f} {r['median_ratio']:8.4f} "
                        f"{r['min_ratio']:8.4f} {info['secs']:5.1f}")
            print(rows[-1], flush=True)
    names = {c["name"] for c in cases}
    for must in ("sparse_k5_l2", "weighted_k3", "k2_mixed"):
        if must not in names:
            failures.append(f"required case {must} missing")

    out = {
        "description": "Laplace-approximation covariances (full and per-feature block) of the "
                       "elastic-net multinomial logistic regression at the reference optima of "
                       "tests/reference/logistic.json, active weights and intercepts only. "
                       "Generated by tests/reference/generate_laplace.py (see its docstring).",
        "formulas": {
            "objective": "F(W,b) = (1/W_tot) sum_i w_i (logsumexp(z_i) - z_{i,y_i}) + lambda((1-rho)/2 "
                         "||W||_F^2 + rho ||W||_1), z_i = W^T x_i + b, W_tot = sum_i w_i, s_i = w_i/W_tot",
            "A_i": "diag(p_i) - p_i p_i^T, p_i = softmax(z_i); lambda2 = lambda (1-rho)",
            "full": "theta = (active W_jc feature-major then class; b_0..b_{K-2}), b_{K-1} fixed; "
                    "H = W_tot [sum_i s_i J_i^T A_i J_i + lambda2 I_weights]; Cov = H^-1 (pinv if "
                    "lambda2 = 0 and a feature has all K weights active); inactive weights: variance 0",
            "full_intercept_cov": "embed the (K-1)x(K-1) intercept block of Cov into KxK (zero last "
                                  "row/column), then C S C with C = I - 1 1^T/K",
            "block": "per feature j, active classes A_j: H_j = W_tot [sum_i s_i x_ij^2 A_i + lambda2 I] "
                     "restricted to A_j; Cov_j = H_j^-1 (Moore-Penrose pinv if lambda2 = 0 and |A_j| = K), "
                     "embedded in KxK with zeros",
            "block_intercept_cov": "pinv(W_tot sum_i s_i A_i)",
            "block_vs_full": "max/median/min over active weights of var_block / var_full",
        },
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "cases": cases,
    }
    text = dump(out)
    if len(text) > MAX_BYTES:
        for case in cases:
            for mode in ("full", "block"):
                if len(case[mode]["blocks"]) > KEEP_BLOCKS:
                    case[mode]["blocks"] = case[mode]["blocks"][:KEEP_BLOCKS]
                    case[mode]["blocks_truncated"] = True
        text = dump(out)
    with open(OUT_JSON, "w") as f:
        f.write(text)
    print(hdr)
    for r in rows:
        print(r)
    print("m = parameters of the full precision (active weights + K-1 intercepts); fd err = "
          "max|H_fd - H|/max|H|; gauge = check (d); blk=H = check (e); b/f = var_block/var_full")
    print(f"wrote {os.path.relpath(OUT_JSON, ROOT)} ({len(text)} bytes) with {len(cases)} cases "
          f"in {time.perf_counter() - t_all:.1f} s")
    if failures:
        print("FAILED CHECKS:\n  " + "\n  ".join(failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
