"""Prints the numbers of one run through the installed bayeskit package, every float
in full (repr round-trips), for `make py-platform-test`: the same wheel on CPython 3.9
and the aarch64 wheel on an aarch64 CPython under qemu must print the same lines as
this machine's CPython. Not a pytest module (its name does not start with test_).

usage: python platform_numbers.py REPO_ROOT
"""

from __future__ import annotations

import pathlib
import platform
import sys

import numpy as np
import scipy.sparse as sp

import bayeskit as bk


def show(name: str, *values: object) -> None:
    flat = []
    for v in values:
        flat.extend(np.asarray(v, dtype=float).ravel().tolist() if isinstance(v, (list, tuple, np.ndarray)) else [v])
    print(name, " ".join(repr(x) for x in flat))


def tips(path: pathlib.Path):
    """The demo's tips file as CSR: a label, then phrase:count fields."""
    vocab: dict = {}
    labels, indptr, indices, data = [], [0], [], []
    for line in path.read_text().splitlines():
        label, *fields = line.split("\t")
        labels.append(label)
        for f in fields:
            phrase, count = f.rsplit(":", 1)
            indices.append(vocab.setdefault(phrase, len(vocab)))
            data.append(float(count))
        indptr.append(len(indices))
    x = sp.csr_matrix((np.array(data), np.array(indices), np.array(indptr)), shape=(len(labels), len(vocab)))
    return x, np.array(labels)


def main() -> None:
    root = pathlib.Path(sys.argv[1])
    print(f"# {platform.machine()} CPython {platform.python_version()}, bayeskit {bk.__version__}")
    a, b = bk.Beta(1, 1).update(20, 980), bk.Beta(1, 1).update(30, 970)
    c = a.compare(b)
    show("beta", a.mean(), *a.interval(0.95)[:2])
    show("compare", c.prob_b_greater, c.expected_loss_a, c.expected_loss_b)
    show("lift", *a.lift_interval(b, 0.95)[:2])
    g = bk.Gamma(2, 1).update([30, 41], [10, 12]).compare(bk.Gamma(2, 1).update([52], [14]))
    show("gamma compare", g.prob_b_greater, g.expected_loss_a)
    show("prob_best", bk.prob_best([bk.Beta(21, 981), bk.Beta(31, 971), bk.Beta(26, 976)]).probabilities)
    show("draws", bk.Beta(2, 3).sample(4, rng=bk.Rng(5, stream=1)), bk.Gamma(0.4, 2).sample(4, rng=7))

    ratings = np.loadtxt(root / "data/demo/venue_ratings.tsv", skiprows=1, usecols=range(1, 6), dtype=np.int64)
    f = bk.DirichletMultinomial.fit(ratings)
    print("dm outcome", f.outcome, f.iterations)
    show("dm alpha", f.alpha, f.std_errors, f.loglik, f.lr_stat)

    fb = bk.fit_beta_prior([3, 10, 7, 0, 25, 4], [100, 220, 150, 90, 400, 130])
    show("beta prior", fb.alpha, fb.beta, fb.loglik)
    bandit = bk.Bandit([bk.Beta(1, 1)] * 3 + [bk.Beta(0.5, 0.5)])
    for arm, (s, n) in enumerate([(20, 1000), (22, 1000), (25, 1000)]):
        bandit.update(arm, s, n)
    rng = bk.Rng(2026)
    print("bandit", " ".join(str(bandit.choose(rng)) for _ in range(24)))
    show("bandit report", bandit.report(rng=3).prob_best)

    x, y = tips(root / "data/demo/tips.tsv")
    est = bk.LogisticRegression(C=1.0, l1_ratio=0.5).fit(x, y)
    print("logistic", [str(c) for c in est.classes_], int(est.n_iter_[0]), est.coef_.shape)
    show("logistic proba", est.predict_proba(x[:4]))
    show("logistic coef sum", float(np.abs(est.coef_).sum()), est.intercept_)
    model = bk.LogisticRegression.load(root / "tests/data/model_v1_dense_k3.bkm")
    p = model.n_features_in_
    rows = np.array([[(-0.75 if j % 2 else 1.5) * (j + 1) for j in range(p)], [0.0] * p])
    show("loaded proba", model.predict_proba(rows))


if __name__ == "__main__":
    main()
