#!/usr/bin/env python3
"""Writes data/demo/venue_ratings.tsv, the bundled data of the demo's prior-fitting step.

Run from the repository root:  python3 data/demo/generate_venue_ratings.py
Standard library only, fixed seed: the output is the same on every run.

Each venue's star-rating mix (1..5 stars) is drawn from a Dirichlet with
alpha = (0.6, 0.5, 0.9, 2.2, 3.8) (A = 8); its number of ratings is log-uniform
from 1 to 3,000. Two venues are fixed so the demo can compare them: corner_cafe
(3 ratings, all five stars) and harbour_grill (3,000 ratings, 58% five stars).
"""
import math
import random

ALPHA = (0.6, 0.5, 0.9, 2.2, 3.8)
N_VENUES = 4000
rng = random.Random(20261125)

rows = []
for i in range(N_VENUES):
    g = [rng.gammavariate(a, 1.0) for a in ALPHA]
    s = sum(g)
    p = [x / s for x in g]
    n = int(math.exp(rng.uniform(0.0, math.log(3000.0))))
    counts = [0] * 5
    for k in rng.choices(range(5), weights=p, k=n):
        counts[k] += 1
    rows.append((f"venue_{i:04d}", counts))
rows.insert(17, ("corner_cafe", [0, 0, 0, 0, 3]))
rows.insert(1234, ("harbour_grill", [90, 110, 250, 810, 1740]))

with open("data/demo/venue_ratings.tsv", "w") as f:
    f.write("venue\tone_star\ttwo_stars\tthree_stars\tfour_stars\tfive_stars\n")
    for name, c in rows:
        f.write(name + "\t" + "\t".join(map(str, c)) + "\n")
