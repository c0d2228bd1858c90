#!/usr/bin/env python3
"""Writes the four pictures of bayeskit.plot as PNG files from the demo data
(data/demo/): an A/B comparison, a posterior density, a shrinkage plot of the venue
ratings' fitted prior, and the tip classifier's regularisation path with its CV curve.

    python examples/plots.py [OUTDIR]     (default: the current directory)
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np
from sklearn.feature_extraction import DictVectorizer

import bayeskit as bk
import bayeskit.plot as bkp

DEMO = pathlib.Path(__file__).resolve().parents[3] / "data" / "demo"


def rows(name: str):
    for line in (DEMO / name).read_text().splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def main(out: pathlib.Path) -> list:
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def save(fig, name):
        path = out / name
        fig.savefig(path, dpi=100)
        written.append(path)

    # A/B test: conversions of visitors per arm, uniform priors.
    arms = {arm: bk.Beta(1, 1).update(int(c), int(n) - int(c)) for arm, c, n in rows("ab_test.tsv")}
    save(bkp.ab_comparison(arms["A"], arms["B"], rng=0), "ab_comparison.png")
    save(bkp.posterior_density(arms["B"], label="B's conversion rate"), "posterior_density.png")

    # Star ratings of 4,000 venues: fit the prior, shrink the five-star share.
    ratings = np.array([[int(v) for v in r[1:]] for r in list(rows("venue_ratings.tsv"))[1:]])
    fit = bk.DirichletMultinomial.fit(ratings)
    save(bkp.shrinkage(fit.prior(), ratings, k=4), "shrinkage.png")

    # Tips (phrase counts) -> sentiment: cross-validated path.
    data = list(rows("tips.tsv"))
    y = np.array([r[0] for r in data])
    feats = [{p.rsplit(":", 1)[0]: float(p.rsplit(":", 1)[1]) for p in r[1:]} for r in data]
    X = DictVectorizer().fit_transform(feats).tocsr()
    cv = bk.LogisticRegressionCV(l1_ratio=0.5, cv=5, random_state=0).fit(X, y)
    save(bkp.regularisation_path(cv), "regularisation_path.png")
    return written


if __name__ == "__main__":
    for p in main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(p)
