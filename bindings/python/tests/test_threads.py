"""Thread safety: a fitted model is immutable and shared; scoring, fitting and
comparisons from a ThreadPoolExecutor (the GIL is released in the native calls)
give exactly the sequential results."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp

import bayeskit as bk


def test_scoring_from_threads_equals_sequential():
    rng = np.random.default_rng(0)
    X = sp.random(4000, 300, density=0.05, format="csr", random_state=1)
    y = rng.integers(0, 4, size=4000)
    clf = bk.LogisticRegression(C=0.5).fit(X, y)
    chunks = [X[i : i + 250] for i in range(0, 4000, 250)]
    seq = [clf.predict_proba(c) for c in chunks]
    seq_mod = [clf.predict_uncertainty(c, "moderated").proba for c in chunks]
    with ThreadPoolExecutor(max_workers=8) as ex:
        for _ in range(3):
            par = list(ex.map(clf.predict_proba, chunks))
            par_mod = list(ex.map(lambda c: clf.predict_uncertainty(c, "moderated").proba, chunks))
            assert all(a.tobytes() == b.tobytes() for a, b in zip(seq, par))
            assert all(a.tobytes() == b.tobytes() for a, b in zip(seq_mod, par_mod))
    assert np.vstack(seq).tobytes() == clf.predict_proba(X).tobytes()


def test_fitting_and_comparing_from_threads():
    rng = np.random.default_rng(3)
    sets = [rng.integers(0, 12, size=(500, 3)) for _ in range(6)]
    seq = [bk.DirichletMultinomial.fit(s).alpha for s in sets]
    pairs = [(bk.Beta(1 + i, 100), bk.Beta(3 + i, 98)) for i in range(12)]
    cseq = [a.compare(b) for a, b in pairs]
    with ThreadPoolExecutor(max_workers=6) as ex:
        par = list(ex.map(lambda s: bk.DirichletMultinomial.fit(s).alpha, sets))
        cpar = list(ex.map(lambda p: p[0].compare(p[1]), pairs))
    assert all(np.array_equal(a, b) for a, b in zip(seq, par))
    assert cseq == cpar
