#!/usr/bin/env python3
"""Reference Beta quantiles for shapes with 1e3 <= a + b < 1e4, where the quantile
search evaluates the incomplete-beta fraction forward (without the double-double
pass), from scipy.special.betaincinv (Boost's ibeta_inv: an independent method).

Run from the repository root:  python3 tests/reference/generate_beta_large.py
Writes tests/reference/beta_large.json, read by tests/special_reference.rs.
Needs: pip install scipy
"""
import json
import random

import scipy
from scipy import special

rng = random.Random(7)
shapes = [(850.6, 2150.3), (2700.6, 305.4), (500.5, 500.5), (9246.7, 20.3), (20.3, 9246.7), (1.6, 1500.0),
          (3000.0, 3000.0)]
shapes += [(10 ** rng.uniform(0, 3.9), 10 ** rng.uniform(0, 3.9)) for _ in range(40)]
cases = []
for a, b in shapes:
    if not 1e3 <= a + b < 1e4:
        continue
    for p in (1e-12, 1e-4, 0.05, 0.5, 0.95, 1 - 1e-6):
        cases.append({"a": a, "b": b, "p": p, "x": float(special.betaincinv(a, b, p))})
with open("tests/reference/beta_large.json", "w") as f:
    json.dump({"generator": "tests/reference/generate_beta_large.py", "scipy": scipy.__version__, "cases": cases}, f)
print(len(cases), "cases")
