"""No input aborts the process or reaches Python as a panic: every malformed call
below is a clear exception of the bayeskit hierarchy (or scikit-learn's ValueError
for malformed estimator input), and nothing is half done."""

from __future__ import annotations

import numpy as np
import pytest

import bayeskit as bk
from bayeskit import _native


def test_sizes_and_counts():
    with pytest.raises(bk.InvalidArgumentError, match="at most"):
        bk.Beta(1, 1).sample(1 << 40)
    with pytest.raises(bk.InvalidArgumentError):
        bk.Dirichlet([1.0, 2.0]).sample(1 << 30)
    with pytest.raises(bk.InvalidArgumentError):
        bk.DmStats(0)
    with pytest.raises(bk.InvalidArgumentError):
        bk.Beta(1, 1).sample(2.5)  # type: ignore[arg-type]
    with pytest.raises((OverflowError, TypeError)):
        bk.Rng(-1)


def test_native_csr_views_are_checked():
    X = np.eye(3)
    y = np.array([0, 1, 2])
    m = bk.LogisticRegression(C=1.0).fit(X, y).model_
    idx, val = np.array([0, 1], dtype=np.uint32), np.array([1.0, 1.0])
    for indptr in ([1, 2], [0, 3], [0, 2, 1, 2], []):
        with pytest.raises(bk.InvalidArgumentError, match="indptr"):
            m.predict_batch("proba", np.array(indptr, dtype=np.uintp), idx, val)
    with pytest.raises(bk.InvalidArgumentError, match="row 0"):
        m.predict_batch("proba", np.array([0, 2], dtype=np.uintp), idx, np.array([1.0, np.nan]))
    with pytest.raises(TypeError):
        m.predict_batch("proba", np.array([0, 2], dtype=np.int64), idx, val)
    # Ids beyond the model's features are ignored, as in every binding.
    p = m.predict_proba_row(np.array([7, 1_000_000], dtype=np.uint32), np.array([1.0, 2.0]))
    assert np.array_equal(p, m.predict_proba_row(np.array([], dtype=np.uint32), np.array([])))
    with pytest.raises(bk.InvalidArgumentError):
        m.predict_proba_row(np.array([0], dtype=np.uint32), np.array([1.0, 2.0]))


def test_corrupt_files():
    X = np.eye(3)
    clf = bk.LogisticRegression(C=1.0).fit(X, [0, 1, 2])
    b = clf.model_.to_bytes()
    for bad in (b[:10], b[:-4], b[:-1] + bytes([b[-1] ^ 1]), b""):
        with pytest.raises(bk.CorruptDataError):
            _native.Model.from_bytes(bad)
    with pytest.raises(bk.BayeskitIOError):
        bk.DirichletMultinomial.fit_file("/nonexistent/counts.tsv")
    with pytest.raises(OSError):
        bk.LogisticRegression.load("/nonexistent/model.bkm")


def test_estimator_input():
    X = np.eye(3)
    clf = bk.LogisticRegression(C=1.0).fit(X, [0, 1, 2])
    with pytest.raises(ValueError):
        clf.predict_proba(np.array([["a", "b", "c"]]))
    with pytest.raises(ValueError):
        clf.predict_proba(np.ones((2, 2, 3)))
    with pytest.raises(bk.InvalidArgumentError):
        bk.LogisticRegression(laplace="bogus").fit(X, [0, 1, 2])
    with pytest.raises(bk.InvalidArgumentError):
        bk.LogisticRegression(n_jobs=0).fit(X, [0, 1, 2])
