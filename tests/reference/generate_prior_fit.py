#!/usr/bin/env python3
"""Reference vectors for priors fitted from past experiments (src/prior_fit.rs).

Run from the repository root:  python3 tests/reference/generate_prior_fit.py
Writes tests/reference/prior_fit.json; exits non-zero if a self-check fails. Takes a
few seconds. Needs: pip install numpy scipy mpmath.
Deterministic: every data set is drawn from numpy.random.default_rng(<fixed seed>) and
the rows are stored in the JSON, so consumers never re-generate data.

This is independent of the Rust code: the likelihoods are summed row by row from
scipy.special (gammaln, digamma, polygamma) and scipy.stats.betabinom, maximised with
scipy.optimize.minimize (trust-exact, exact gradient and Hessian over the raw rows) and
polished by Newton steps with numpy.linalg.solve; the log-likelihoods at the optimum are
re-summed with mpmath at 40 digits (no compressed statistics, no profiling).

Definitions
-----------
Beta prior from (successes s_i, trials n_i): the beta-binomial
  loglik(a, b) = sum_i log C(n_i, s_i) + betaln(a + s_i, b + n_i - s_i) - betaln(a, b)
               = sum_i scipy.stats.betabinom(n_i, a, b).logpmf(s_i)
  loglik_limit = binomial log-likelihood at the pooled rate sum s / sum n.
Gamma prior from (count y_i, exposure t_i): the negative binomial with exposure
  loglik(a, b) = sum_i gammaln(y_i + a) - gammaln(a) - gammaln(y_i + 1)
                       + a log(b / (b + t_i)) + y_i log(t_i / (b + t_i))
  loglik_limit = Poisson log-likelihood at the pooled rate sum y / sum t.
std_errors = sqrt(diag(inv(-Hessian))) in (a, b) at the optimum (observed information).
lr_stat = 2 (loglik - loglik_limit); lr_pvalue = 0.5 * P(chi2_1 > lr_stat).

Outcomes: "converged"; "no_overdispersion" when the excess variance over binomial or
Poisson noise (sum (s - n p)^2 - n p (1 - p), resp. sum (y - m t)^2 - y) is <= 0 and the
optimiser finds nothing above the limit's log-likelihood (parameters null, loglik =
loglik_limit);
"not_identifiable" (gamma: no counts at all, or a single row).
"""
import json
import math
import sys

import mpmath
import numpy as np
import scipy
from scipy import optimize, special, stats

mpmath.mp.dps = 40


def newton_polish(grad_hess, theta, steps=20):
    """Newton steps in the natural parameters until the gradient stops shrinking."""
    for _ in range(steps):
        g, h = grad_hess(theta)
        step = np.linalg.solve(h, -g)
        new = theta + step
        if np.any(new <= 0):
            break
        g2, _ = grad_hess(new)
        if np.max(np.abs(g2 * new)) >= np.max(np.abs(g * theta)):
            break
        theta = new
    return theta


def maximise(f, grad_hess, start):
    """Maximise f over (log a, log b), then polish in (a, b)."""
    def neg(u):
        return -f(np.exp(u))

    def jac(u):
        x = np.exp(u)
        g, _ = grad_hess(x)
        return -g * x

    def hess(u):
        x = np.exp(u)
        g, h = grad_hess(x)
        return -(h * np.outer(x, x) + np.diag(g * x))

    r = optimize.minimize(neg, np.log(start), jac=jac, hess=hess, method="trust-exact",
                          options={"gtol": 1e-12, "maxiter": 500})
    return newton_polish(grad_hess, np.exp(r.x))


# ---------------------------------------------------------------- beta-binomial

def bb_loglik(s, n, a, b):
    return float(np.sum(stats.betabinom(n, a, b).logpmf(s)))


def bb_loglik_mp(s, n, a, b):
    a, b = mpmath.mpf(a), mpmath.mpf(b)
    lg = mpmath.loggamma
    tot = mpmath.mpf(0)
    for si, ni in zip(s.tolist(), n.tolist()):
        tot += (lg(ni + 1) - lg(si + 1) - lg(ni - si + 1)
                + lg(a + si) + lg(b + ni - si) - lg(a + b + ni)
                - lg(a) - lg(b) + lg(a + b))
    return float(tot)


def binomial_limit_mp(s, n):
    p = mpmath.mpf(int(s.sum())) / int(n.sum())
    lg = mpmath.loggamma
    tot = mpmath.mpf(0)
    for si, ni in zip(s.tolist(), n.tolist()):
        tot += lg(ni + 1) - lg(si + 1) - lg(ni - si + 1) + si * mpmath.log(p)
        if ni > si:
            tot += (ni - si) * mpmath.log(1 - p)
    return float(tot)


def bb_grad_hess(s, n):
    f = n - s

    def gh(x):
        a, b = x
        dg, tg = special.digamma, lambda z: special.polygamma(1, z)
        common = np.sum(dg(a + b) - dg(a + b + n))
        ga = common + np.sum(dg(a + s) - dg(a))
        gb = common + np.sum(dg(b + f) - dg(b))
        hc = np.sum(tg(a + b) - tg(a + b + n))
        haa = hc + np.sum(tg(a + s) - tg(a))
        hbb = hc + np.sum(tg(b + f) - tg(b))
        return np.array([ga, gb]), np.array([[haa, hc], [hc, hbb]])
    return gh


def beta_case(name, s, n):
    s, n = np.asarray(s, dtype=np.int64), np.asarray(n, dtype=np.int64)
    p = s.sum() / n.sum()
    limit = binomial_limit_mp(s, n)
    # Score of the limit in 1/(a+b): positive when the rates vary beyond binomial noise.
    score = float(np.sum((s - n * p) ** 2 - n * p * (1 - p)))
    case = {"name": name, "successes": s.tolist(), "trials": n.tolist(),
            "loglik_limit": limit}
    # Method-of-moments start.
    r = s / np.maximum(n, 1)
    v = max(np.var(r) - np.mean(p * (1 - p) / np.maximum(n, 1)), 1e-9)
    total = min(max(p * (1 - p) / v - 1, 1e-2), 1e8)
    x = maximise(lambda x: bb_loglik(s, n, *x), bb_grad_hess(s, n), [p * total, (1 - p) * total])
    ll = bb_loglik_mp(s, n, *x)
    if score <= 0 and ll <= limit + 1e-9 * abs(limit):
        case.update(outcome="no_overdispersion", alpha=None, beta=None, std_errors=None,
                    loglik=limit, score_at_limit=score)
        return case
    g, h = bb_grad_hess(s, n)(x)
    se = np.sqrt(np.diag(np.linalg.inv(-h)))
    lr = max(2 * (ll - limit), 0.0)
    case.update(outcome="converged", alpha=float(x[0]), beta=float(x[1]),
                std_errors=[float(v) for v in se], loglik=ll, lr_stat=lr,
                lr_pvalue=0.5 * float(stats.chi2.sf(lr, 1)) if lr > 0 else 1.0,
                grad_max_rel=float(np.max(np.abs(g * x)) / len(s)))
    return case


# ---------------------------------------------------------------- gamma-Poisson

def nb_loglik(y, t, a, b):
    return float(np.sum(special.gammaln(y + a) - special.gammaln(a) - special.gammaln(y + 1)
                        + a * np.log(b / (b + t)) + y * np.log(t / (b + t))))


def nb_loglik_mp(y, t, a, b):
    a, b = mpmath.mpf(a), mpmath.mpf(b)
    lg = mpmath.loggamma
    tot = mpmath.mpf(0)
    for yi, ti in zip(y.tolist(), t.tolist()):
        ti = mpmath.mpf(ti)
        tot += (lg(yi + a) - lg(a) - lg(yi + 1) + a * mpmath.log(b / (b + ti))
                + yi * mpmath.log(ti / (b + ti)))
    return float(tot)


def nb_grad_hess(y, t):
    def gh(x):
        a, b = x
        dg, tg = special.digamma, lambda z: special.polygamma(1, z)
        ga = np.sum(dg(y + a) - dg(a) + np.log(b / (b + t)))
        gb = np.sum(a / b - (a + y) / (b + t))
        haa = np.sum(tg(y + a) - tg(a))
        hab = np.sum(1 / b - 1 / (b + t))
        hbb = np.sum(-a / b ** 2 + (a + y) / (b + t) ** 2)
        return np.array([ga, gb]), np.array([[haa, hab], [hab, hbb]])
    return gh


def poisson_limit(y, t):
    if y.sum() == 0:
        return 0.0
    m = mpmath.mpf(float(y.sum())) / mpmath.fsum(mpmath.mpf(v) for v in t.tolist())
    return float(mpmath.fsum(int(yi) * mpmath.log(m * mpmath.mpf(ti)) - m * mpmath.mpf(ti)
                             - mpmath.loggamma(int(yi) + 1) for yi, ti in zip(y, t.tolist())))


def gamma_case(name, y, t):
    y, t = np.asarray(y, dtype=np.float64), np.asarray(t, dtype=np.float64)
    limit = poisson_limit(y, t)
    case = {"name": name, "counts": [int(v) for v in y], "exposures": t.tolist(),
            "loglik_limit": limit}
    if y.sum() == 0 or len(y) < 2:
        case.update(outcome="not_identifiable", shape=None, rate=None, std_errors=None,
                    loglik=limit)
        return case
    m = y.sum() / t.sum()
    score = float(np.sum((y - m * t) ** 2 - y))
    excess = np.var(y / t) - np.mean(m / t)
    a0 = min(max(m * m / excess, 1e-2), 1e8) if excess > 0 else 1e8
    x = maximise(lambda x: nb_loglik(y, t, *x), nb_grad_hess(y, t), [a0, a0 / m])
    ll = nb_loglik_mp(y, t, *x)
    if score <= 0 and ll <= limit + 1e-9 * abs(limit):
        case.update(outcome="no_overdispersion", shape=None, rate=None, std_errors=None,
                    loglik=limit, score_at_limit=score)
        return case
    g, h = nb_grad_hess(y, t)(x)
    se = np.sqrt(np.diag(np.linalg.inv(-h)))
    lr = max(2 * (ll - limit), 0.0)
    case.update(outcome="converged", shape=float(x[0]), rate=float(x[1]),
                std_errors=[float(v) for v in se], loglik=ll, lr_stat=lr,
                lr_pvalue=0.5 * float(stats.chi2.sf(lr, 1)) if lr > 0 else 1.0,
                grad_max_rel=float(np.max(np.abs(g * x)) / len(y)))
    return case


def main():
    beta, gamma = [], []
    rng = np.random.default_rng(20261207)
    # Typical conversion experiments: 50 arms, 200-2000 visitors, rates ~ Beta(8, 300).
    n = rng.integers(200, 2001, 50)
    beta.append(beta_case("conversion_50", rng.binomial(n, rng.beta(8, 300, 50)), n))
    # The doc example.
    beta.append(beta_case("doc_example", [12, 30, 7, 45, 20, 9, 33, 15],
                          [400, 700, 350, 900, 500, 410, 650, 480]))
    # Many small arms (10-60 trials), rates ~ Beta(2, 5).
    n = rng.integers(10, 61, 400)
    beta.append(beta_case("small_arms_400", rng.binomial(n, rng.beta(2, 5, 400)), n))
    # Large arms: 10^5 to 10^7 trials, rates ~ Beta(40, 2000).
    n = rng.integers(10 ** 5, 10 ** 7, 30)
    beta.append(beta_case("large_arms_30", rng.binomial(n, rng.beta(40, 2000, 30)), n))
    # Over-dispersed near 0.5.
    n = rng.integers(50, 500, 80)
    beta.append(beta_case("half_80", rng.binomial(n, rng.beta(30, 30, 80)), n))
    # Exactly the same proportion everywhere: no over-dispersion.
    beta.append(beta_case("equal_rates", [5, 10, 15, 20, 50], [100, 200, 300, 400, 1000]))

    # Campaigns: 60 rows, exposures 100-10^4, rates ~ Gamma(3, rate 300).
    t = rng.uniform(100, 1e4, 60)
    gamma.append(gamma_case("campaigns_60", rng.poisson(rng.gamma(3, 1 / 300, 60) * t), t))
    # The doc example.
    gamma.append(gamma_case("doc_example", [30, 80, 12, 55, 140, 20],
                            [1000, 1500, 800, 1200, 2000, 900]))
    # Equal exposures (one day each), rates ~ Gamma(0.8, 0.1): heavy over-dispersion.
    gamma.append(gamma_case("equal_exposure_200", rng.poisson(rng.gamma(0.8, 10, 200)),
                            np.ones(200)))
    # Huge counts: exposures 10^8-10^9, rates ~ Gamma(50, rate 50): counts ~ 10^9.
    t = rng.uniform(1e8, 1e9, 40)
    gamma.append(gamma_case("huge_counts_40", rng.poisson(rng.gamma(50, 1 / 50, 40) * t), t))
    # Rare events: rates ~ Gamma(2, rate 2e4) over 10^3-10^5 exposure (many zero counts).
    t = rng.uniform(1e3, 1e5, 300)
    gamma.append(gamma_case("rare_300", rng.poisson(rng.gamma(2, 1 / 2e4, 300) * t), t))
    # Counts exactly proportional to exposure: no over-dispersion.
    gamma.append(gamma_case("proportional", [5, 10, 20, 40], [100, 200, 400, 800]))
    gamma.append(gamma_case("no_counts", [0, 0, 0], [10, 20, 30]))
    gamma.append(gamma_case("one_row", [7], [3.5]))

    ok = True
    for c in beta + gamma:
        g = c.get("grad_max_rel")
        if g is not None and g > 1e-9:
            print(f"{c['name']}: gradient {g:.1e} not at the optimum", file=sys.stderr)
            ok = False
        print(f"{c['name']:>22}: {c['outcome']:>18}  "
              + ", ".join(f"{k}={c[k]:.6g}" for k in ("alpha", "beta", "shape", "rate")
                          if c.get(k) is not None))
    out = {"generator": "tests/reference/generate_prior_fit.py",
           "versions": {"numpy": np.__version__, "scipy": scipy.__version__,
                        "mpmath": mpmath.__version__},
           "beta": beta, "gamma": gamma}
    with open("tests/reference/prior_fit.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
