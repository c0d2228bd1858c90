#!/usr/bin/env python3
"""Writes data/demo/tips.tsv, the bundled data of the demo's tip-classification step.

Run from the repository root:  python3 data/demo/generate_tips.py
Standard library only, fixed seed: the output is the same on every run.

Format (the original trainer's input): label<TAB>phrase:count<TAB>phrase:count...
Each synthetic tip has a label (positive, negative, mixed) and 3-8 phrases drawn
from class-specific phrase lists plus a shared neutral vocabulary; "delicious" is
rare (~16 positive tips, where it replaces the positive phrases) so its weight is
about as large as "great"'s but far less certain: the demo shows both intervals.
"""
import random

rng = random.Random(42)
POS = ["great", "friendly staff", "love", "amazing", "best coffee", "cozy", "fresh", "highly recommend",
       "perfect", "tasty", "good value", "will come back"]
NEG = ["rude", "slow service", "cold food", "overpriced", "dirty", "never again", "bland", "long wait",
       "terrible", "stale", "noisy", "disappointing"]
MIXED = ["but", "ok", "decent", "could be better", "a bit pricey", "not bad", "hit or miss", "average"]
NEUTRAL = ["coffee", "pizza", "lunch", "dinner", "staff", "place", "menu", "table", "music", "price",
           "weekend", "parking", "brunch", "sandwich", "tea", "dessert", "wine", "burger", "salad", "view"]
RARE = ["delicious"]
LABELS = ["positive", "negative", "mixed"]

lines = []
for i in range(3000):
    label = rng.choices(LABELS, weights=[0.45, 0.35, 0.2])[0]
    phrases = {}
    n = rng.randint(3, 8)
    for _ in range(n):
        r = rng.random()
        if label == "positive":
            pool = POS if r < 0.5 else (MIXED if r < 0.58 else NEUTRAL)
        elif label == "negative":
            pool = NEG if r < 0.5 else (MIXED if r < 0.58 else NEUTRAL)
        else:
            pool = MIXED if r < 0.35 else (POS if r < 0.55 else (NEG if r < 0.75 else NEUTRAL))
        p = rng.choice(pool)
        phrases[p] = phrases.get(p, 0) + 1
    if label == "positive" and rng.random() < 0.012:
        # The rare phrase carries the tip on its own: a weight as strong as the common
        # positive phrases', estimated from a handful of tips.
        phrases = {p: c for p, c in phrases.items() if p not in POS}
        phrases["delicious"] = 1
    lines.append(label + "\t" + "\t".join(f"{p}:{c}" for p, c in sorted(phrases.items())))

with open("data/demo/tips.tsv", "w") as f:
    f.write("\n".join(lines) + "\n")
