#!/usr/bin/env python3
"""Reference vectors for the peek-safe decision rules (src/sequential.rs).

Run from the repository root:  python3 tests/reference/generate_sequential.py
Writes tests/reference/sequential.json. Needs: pip install numpy scipy.

Independent of the Rust code: written from the formulas of Johari, Pekelis and Walsh,
"Always valid inference: continuous monitoring of A/B tests" (2017), section 4 (the
mSPRT with a normal mixture H(theta) = N(0, tau^2) over the effect, for a normal
estimate with variance V), and from the Beta-Binomial / Gamma-Poisson evidences with
scipy.special.betaln / gammaln.

mSPRT at a look with estimate d and variance V:
  Lambda = sqrt(V / (V + tau^2)) * exp(d^2 tau^2 / (2 V (V + tau^2)))
  p_n = min(p_{n-1}, 1 / Lambda), p_0 = 1
  CS_n = CS_{n-1} intersected with d +- sqrt(V (V + tau^2) / tau^2 * (2 log(1/alpha) + log((V + tau^2) / V)))
Proportions: d = s_B/n_B - s_A/n_A, V = sum over arms of q (1 - q) / n with q = (s + 1/2)/(n + 1).
Rates: d = log((y_B + 1/2)/t_B) - log((y_A + 1/2)/t_A), V = 1/(y_A + 1/2) + 1/(y_B + 1/2).
Bayes factors (log BF_10, H1: independent rates, H0: one common rate, the same prior):
  proportions: betaln(a+sA, b+fA) + betaln(a+sB, b+fB) - betaln(a, b) - betaln(a+sA+sB, b+fA+fB)
  rates: E(yA, tA) + E(yB, tB) - E(yA+yB, tA+tB),
         E(y, t) = gammaln(a+y) - gammaln(a) + a log(b) - (a+y) log(b+t).
"""
import json
import math
import sys

import numpy as np
import scipy
from scipy import special


def msprt(looks, alpha, tau, kind):
    tau2 = tau * tau
    p, lo, hi = 1.0, -math.inf, math.inf
    out = []
    for (xa, na), (xb, nb) in looks:
        if kind == "proportions":
            qa, qb = (xa + 0.5) / (na + 1), (xb + 0.5) / (nb + 1)
            d = xb / nb - xa / na
            v = qa * (1 - qa) / na + qb * (1 - qb) / nb
        else:
            d = math.log((xb + 0.5) / nb) - math.log((xa + 0.5) / na)
            v = 1 / (xa + 0.5) + 1 / (xb + 0.5)
        lam = math.sqrt(v / (v + tau2)) * math.exp(d * d * tau2 / (2 * v * (v + tau2)))
        p = min(p, 1 / lam)
        half = math.sqrt(v * (v + tau2) / tau2 * (2 * math.log(1 / alpha) + math.log((v + tau2) / v)))
        lo, hi = max(lo, d - half), min(hi, d + half)
        out.append({"estimate": d, "std_error": math.sqrt(v), "likelihood_ratio": lam,
                    "p_value": min(p, 1.0), "lower": lo, "upper": hi})
    return out


def bf_proportions(a, b, xa, na, xb, nb):
    fa, fb = na - xa, nb - xb
    return float(special.betaln(a + xa, b + fa) + special.betaln(a + xb, b + fb)
                 - special.betaln(a, b) - special.betaln(a + xa + xb, b + fa + fb))


def bf_rates(a, b, ya, ta, yb, tb):
    def e(y, t):
        return special.gammaln(a + y) - special.gammaln(a) + a * math.log(b) - (a + y) * math.log(b + t)
    return float(e(ya, ta) + e(yb, tb) - e(ya + yb, ta + tb))


def main():
    rng = np.random.default_rng(20261207)
    cases = []
    # Proportions: 5 % vs 6 %, 1,000 visitors per arm per look, 12 looks.
    xa = np.cumsum(rng.binomial(1000, 0.05, 12))
    xb = np.cumsum(rng.binomial(1000, 0.06, 12))
    n = np.arange(1, 13) * 1000
    looks = [((int(a), int(m)), (int(b), int(m))) for a, b, m in zip(xa, xb, n)]
    cases.append({"kind": "proportions", "alpha": 0.05, "tau": 0.01, "looks": looks,
                  "expected": msprt(looks, 0.05, 0.01, "proportions")})
    # Unequal arms, a zero count at the first look, another tau and alpha.
    looks = [((0, 50), (3, 80)), ((2, 150), (9, 200)), ((7, 400), (25, 500)), ((15, 900), (48, 1000))]
    cases.append({"kind": "proportions", "alpha": 0.1, "tau": 0.05, "looks": looks,
                  "expected": msprt(looks, 0.1, 0.05, "proportions")})
    # Rates: counts over exposures (real-valued), 10 looks.
    ya = np.cumsum(rng.poisson(40, 10))
    yb = np.cumsum(rng.poisson(46, 10))
    ta = np.cumsum(rng.uniform(900, 1100, 10))
    tb = np.cumsum(rng.uniform(900, 1100, 10))
    looks = [((int(a), float(s)), (int(b), float(t))) for a, b, s, t in zip(ya, yb, ta, tb)]
    cases.append({"kind": "rates", "alpha": 0.05, "tau": 0.1, "looks": looks,
                  "expected": msprt(looks, 0.05, 0.1, "rates")})
    bayes = []
    for (pa, pb), (xa_, na_), (xb_, nb_) in [((1, 1), (40, 2000), (62, 2000)), ((0.5, 0.5), (0, 10), (3, 12)),
                                             ((2, 40), (120, 6000), (199, 6000)),
                                             ((1, 1), (2_000_000, 100_000_000), (2_010_000, 100_000_000))]:
        bayes.append({"kind": "proportions", "prior": [pa, pb], "a": [xa_, na_], "b": [xb_, nb_],
                      "ln_bf": bf_proportions(pa, pb, xa_, na_, xb_, nb_)})
    for (pa, pb), (ya_, ta_), (yb_, tb_) in [((1, 0.001), (30, 1000.0), (55, 1100.0)),
                                             ((2, 3), (0, 4.0), (1, 5.0)),
                                             ((0.5, 1e-6), (1_000_000, 1e9), (1_003_000, 1e9))]:
        bayes.append({"kind": "rates", "prior": [pa, pb], "a": [ya_, ta_], "b": [yb_, tb_],
                      "ln_bf": bf_rates(pa, pb, ya_, ta_, yb_, tb_)})
    out = {"generator": "tests/reference/generate_sequential.py",
           "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
           "msprt": cases, "bayes_factors": bayes}
    with open("tests/reference/sequential.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
