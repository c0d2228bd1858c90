#!/usr/bin/env python3
"""Reference values for the posterior core, from scipy (an independent implementation).

Run from the repository root:  python3 tests/reference/generate_posterior.py
Writes tests/reference/posterior.json, read by tests/posterior_reference.rs.
Needs: pip install scipy numpy
"""
import json
import math
import os

import numpy as np
from scipy import integrate, stats

out = {"scipy": __import__("scipy").__version__}

# Beta posterior summaries and quantiles (prior + data already added).
beta = []
for a, b in [(4, 11), (21, 981), (31, 971), (0.5, 0.5), (1.5, 300.0), (250.0, 3.0), (3000.5, 1200.25)]:
    d = stats.beta(a, b)
    beta.append({
        "a": a, "b": b, "mean": d.mean(), "var": d.var(),
        "q": [[p, d.ppf(p)] for p in (1e-10, 0.025, 0.5, 0.975, 1 - 1e-10)],
        "ln_pdf_at_mean": d.logpdf(d.mean()),
    })
out["beta"] = beta

# Beta-binomial predictive: k successes in n future trials.
out["betabinom"] = [
    {"a": a, "b": b, "n": n, "k": k, "ln_pmf": stats.betabinom(n, a, b).logpmf(k)}
    for a, b in [(4, 11), (0.5, 0.5), (21, 981)] for n, k in [(1, 1), (10, 3), (100, 0), (100, 57)]
]

# Gamma posterior (shape, rate) quantiles and negative-binomial predictive over exposure t.
gamma = []
for a, r in [(13, 5), (0.3, 2.0), (1000.5, 30.0), (2.0, 0.01)]:
    d = stats.gamma(a, scale=1 / r)
    gamma.append({"shape": a, "rate": r, "q": [[p, d.ppf(p)] for p in (1e-10, 0.025, 0.5, 0.975, 1 - 1e-10)]})
out["gamma"] = gamma
out["nbinom"] = [
    {"shape": a, "rate": r, "t": t, "k": k, "ln_pmf": stats.nbinom(a, r / (r + t)).logpmf(k)}
    for a, r in [(13, 5), (0.3, 2.0)] for t, k in [(1.0, 0), (2.5, 4), (10.0, 30)]
]

# Student-t quantiles (Normal-Gamma marginals).
out["student_t"] = [
    {"df": df, "p": p, "x": stats.t(df).ppf(p)}
    for df in (0.5, 1.0, 2.5, 7.0, 30.0, 1000.0) for p in (1e-8, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999999)
]

# Dirichlet-multinomial predictive.
out["dirmult"] = [
    {"alpha": al, "counts": c, "ln_pmf": float(stats.dirichlet_multinomial(al, sum(c)).logpmf(c))}
    for al, c in [([1.0, 2.0, 3.0], [2, 0, 5]), ([0.5, 0.5, 0.5, 0.5, 0.5], [1, 1, 0, 3, 10]), ([30.0, 1.0], [4, 1])]
]


# P(B > A) and expected loss by numerical integration (adaptive QUADPACK).
def beta_compare(a, b):
    A, B = stats.beta(*a), stats.beta(*b)
    pts = [A.ppf(q) for q in (1e-12, 1e-6, 0.01, 0.5, 0.99, 1 - 1e-6, 1 - 1e-12)]
    p = integrate.quad(lambda x: A.pdf(x) * B.sf(x), 0, 1, points=pts, epsabs=1e-14, epsrel=1e-12, limit=500)[0]
    # E[max(B - A, 0)] = ∫ f_A(x) E[(B - x)+] dx, with E[(B - x)+] = ∫_x^1 sf_B(y) dy.
    def partial(x):
        return integrate.quad(B.sf, x, 1, epsabs=1e-15, epsrel=1e-12, limit=200)[0]
    loss_a = integrate.quad(lambda x: A.pdf(x) * partial(x), 0, 1, points=pts, epsabs=1e-14, epsrel=1e-10, limit=500)[0]
    return p, loss_a


cmp_cases = []
for a, b in [((21, 981), (31, 971)), ((21, 981), (31.5, 970.5)), ((2.5, 3.5), (3.25, 2.0)), ((0.7, 0.9), (1.3, 2.2))]:
    p, loss_a = beta_compare(a, b)
    cmp_cases.append({"a": a, "b": b, "prob_b_greater": p, "expected_loss_a": loss_a})
out["beta_compare"] = cmp_cases

gcmp = []
for (a1, r1), (a2, r2) in [((100, 10), (120, 11)), ((0.5, 1.0), (2.5, 3.0))]:
    A, B = stats.gamma(a1, scale=1 / r1), stats.gamma(a2, scale=1 / r2)
    p = integrate.quad(lambda x: A.pdf(x) * B.sf(x), 0, np.inf, epsabs=1e-14, epsrel=1e-12, limit=500)[0]
    gcmp.append({"a": [a1, r1], "b": [a2, r2], "prob_b_greater": p})
out["gamma_compare"] = gcmp

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "posterior.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print(f"wrote {path}")
