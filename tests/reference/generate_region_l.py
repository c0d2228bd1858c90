#!/usr/bin/env python3
"""Reference values for the incomplete beta where one shape is huge ("region L"), from mpmath.

scipy (Boost) is itself off by up to ~6e-10 relative there, so these come from mpmath at 50
digits: the tail nearer 0 by its 2F1 series, the other as 1 minus it (mpmath's betainc does not
always converge at these shapes). Run from the repository root (takes ~5 minutes):

    python3 tests/reference/generate_region_l.py

Writes tests/reference/special_region_l.json, read by tests/special_region_l.rs.
Needs: pip install mpmath
"""
import json
import math
import os

import mpmath as mp

mp.mp.dps = 50


def lower_tail(a, b, x):
    """I_x(a,b) by its 2F1 series (used where x <= the mean, where it converges)."""
    a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    y = 1 - x
    pref = mp.exp(a * mp.log(x) + b * mp.log(y) - mp.log(a) - mp.log(mp.beta(a, b)))
    return pref * mp.hyp2f1(a + b, 1, a + 1, x, maxterms=10**7)


def exact(a, b, x):
    """(I, 1 - I) at 50 digits."""
    if x <= a / (a + b):
        lo = lower_tail(a, b, x)
        return lo, 1 - lo
    up = lower_tail(b, a, 1 - mp.mpf(x))
    return 1 - up, up


cases = []
for s in [0.1, 0.5, 2.0, 30.0, 1e4]:
    for big in [1e6, 1e7, 1e8]:
        for a, b in [(s, big), (big, s)]:
            m = a / (a + b)
            sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
            for x in [m] + [m + k * sd for k in (-10, -3, -1, 1, 3, 10)] + [1 - 1e-8]:
                if 0 < x < 1:
                    i, ic = exact(a, b, float(x))
                    # Values as repr strings: exact round trips whatever the JSON reader does.
                    cases.append([repr(a), repr(b), repr(float(x)), repr(float(i)), repr(float(ic))])

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "special_region_l.json")
with open(path, "w") as f:
    json.dump({"mpmath": mp.__version__, "dps": 50, "cases": cases}, f, indent=0)
print(f"wrote {len(cases)} cases to {path}")
