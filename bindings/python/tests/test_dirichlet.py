"""Dirichlet–multinomial fits against the committed scipy references
(tests/reference/dm_fit.json, written by tests/reference/generate_dm.py) and
scipy.stats.dirichlet_multinomial; statistics bytes, merging, pickling, files;
bad input."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest
from scipy import stats

import bayeskit as bk


@pytest.fixture(scope="module")
def reference(root):
    return json.loads((root / "tests" / "reference" / "dm_fit.json").read_text())["datasets"]


def _close(got, want, tol):
    got, want = np.asarray(got, float), np.asarray(want, float)
    assert np.all(np.abs(got - want) <= tol * np.maximum(np.abs(want), 1e-300)), (got, want)


def test_fits_match_the_scipy_references(reference):
    for d in reference:
        rows = np.array(d["rows"], dtype=np.int64)
        w = d.get("weights")
        f = bk.DirichletMultinomial.fit(rows, w, hyperprior=d["H"])
        assert f.outcome == d["outcome"], d["name"]
        _close(f.mean, d["mean"], 1e-7)
        if f.outcome != "converged":
            assert not f.converged
            with pytest.raises(bk.NoConvergenceError):
                f.prior()
            continue
        _close(f.alpha, d["alpha"], 1e-8)
        _close(f.std_errors, d["std_errors"], 1e-5)
        _close(f.loglik, d["loglik"], 1e-11)
        assert f.grad_norm <= 1e-10
        assert f.aic == pytest.approx(2 * d["K"] - 2 * f.loglik, rel=1e-14)


def test_loglik_is_scipys_dirichlet_multinomial():
    rng = np.random.default_rng(4)
    alpha = np.array([0.8, 2.5, 1.2])
    n = rng.integers(1, 30, size=400)
    rows = np.array([rng.multinomial(k, rng.dirichlet(alpha)) for k in n])
    f = bk.DirichletMultinomial.fit(rows)
    assert f.converged
    want = sum(stats.dirichlet_multinomial(f.alpha, r.sum()).logpmf(r) for r in rows)
    assert f.loglik == pytest.approx(want, rel=1e-11)
    # α maximises the likelihood: scipy's log-likelihood is lower at nearby points.
    for k in range(3):
        for h in (1e-4, -1e-4):
            a = f.alpha.copy()
            a[k] *= 1 + h
            assert sum(stats.dirichlet_multinomial(a, r.sum()).logpmf(r) for r in rows) < want
    # The multinomial limit and the LRT.
    p = rows.sum(axis=0) / rows.sum()
    mult = sum(stats.multinomial(r.sum(), p).logpmf(r) for r in rows)
    assert f.loglik_multinomial == pytest.approx(mult, rel=1e-11)
    assert f.lr_stat == pytest.approx(2 * (f.loglik - mult), rel=1e-9)
    assert f.lr_pvalue == pytest.approx(0.5 * stats.chi2(1).sf(f.lr_stat), rel=1e-9, abs=1e-300)
    assert f.bic == pytest.approx(3 * np.log(400) - 2 * f.loglik, rel=1e-14)


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64])
def test_any_integer_dtype_and_layout(dtype):
    rows = np.array([[0, 5, 1], [5, 0, 2], [1, 4, 0], [4, 1, 3], [2, 3, 3], [3, 2, 1]])
    base = bk.DirichletMultinomial.fit(rows)
    f = bk.DirichletMultinomial.fit(rows.astype(dtype))
    assert np.array_equal(f.alpha, base.alpha)
    # Non-contiguous (a transposed view, a column slice) is copied, same result.
    g = bk.DirichletMultinomial.fit(np.asfortranarray(rows.astype(dtype)))
    assert np.array_equal(g.alpha, base.alpha)
    wide = np.zeros((6, 6), dtype=dtype)
    wide[:, ::2] = rows
    h = bk.DirichletMultinomial.fit(wide[:, ::2])
    assert np.array_equal(h.alpha, base.alpha)


@pytest.mark.parametrize(
    "counts,match",
    [
        (np.array([[1.0, 2.0], [3.0, 4.0]]), "integers"),
        (np.array([[True, False], [False, True]]), "integers"),
        (np.array([[1, -2], [3, 4]]), r"counts\[0, 1\] = -2 is negative"),
        (np.array([1, 2, 3]), "two-dimensional"),
        (np.array([["a", "b"]]), "integers"),
        (np.array([[1, 2], [3, 4]], dtype=object), "integers"),
    ],
)
def test_bad_counts_are_rejected(counts, match):
    with pytest.raises(bk.InvalidArgumentError, match=match):
        bk.DirichletMultinomial.fit(counts)


def test_bad_weights_and_nothing_half_done():
    s = bk.DmStats(2).add([[1, 2], [3, 4]])
    before = s.to_bytes()
    for w in ([1.0], [1.0, float("nan")], [1.0, -1.0], [[1.0, 1.0]]):
        with pytest.raises(bk.InvalidArgumentError):
            s.add([[1, 2], [3, 4]], w)
    with pytest.raises(bk.InvalidArgumentError):
        s.add([[1, 2, 3]])  # K mismatch
    assert s.to_bytes() == before and s.rows == 2


def test_statistics_bytes_pickle_and_merge():
    rng = np.random.default_rng(9)
    rows = rng.integers(0, 20, size=(900, 4))
    whole = bk.DirichletMultinomial.stats(rows)
    merged = bk.DmStats(4)
    for part in np.array_split(rows, 3)[::-1]:
        shard = bk.DirichletMultinomial.stats(part)
        merged.merge(pickle.loads(pickle.dumps(bk.DmStats.from_bytes(shard.to_bytes()))))
    a = bk.DirichletMultinomial.fit_stats(whole)
    b = bk.DirichletMultinomial.fit_stats(merged)
    assert a.converged and np.array_equal(a.alpha, b.alpha) and a.loglik == b.loglik
    with pytest.raises(bk.CorruptDataError):
        bk.DmStats.from_bytes(whole.to_bytes()[:-1] + b"\x00")
    with pytest.raises(bk.InvalidArgumentError):
        merged.merge(bk.DmStats(3))
    twice = bk.DmStats.from_bytes(whole.to_bytes())
    twice.merge(twice)
    assert twice.rows == 1800


def test_fit_from_a_file_equals_the_array(tmp_path):
    rng = np.random.default_rng(2)
    rows = rng.integers(0, 9, size=(300, 3))
    path = tmp_path / "counts.tsv"
    path.write_text("a\tb\tc\n" + "".join("\t".join(map(str, r)) + "\n" for r in rows))
    f = bk.DirichletMultinomial.fit_file(path, header=True, threads=2)
    assert f.read_report.rows == 300
    assert np.array_equal(f.alpha, bk.DirichletMultinomial.fit(rows).alpha)
    with pytest.raises(bk.BayeskitIOError):
        bk.DirichletMultinomial.fit_file(tmp_path / "missing.tsv")
    bad = tmp_path / "bad.tsv"
    bad.write_text("1\t2\t3\n4\tx\t6\n")
    with pytest.raises(bk.ParseError, match="bad.tsv"):
        bk.DirichletMultinomial.fit_file(bad)


def test_prior_shrinks_and_ranks():
    alpha = np.array([2.0, 8.0])
    p = bk.Prior(alpha)
    rows = np.array([[0, 3], [300, 2700], [1, 1], [0, 0]])
    n = rows.sum(axis=1, keepdims=True)
    assert np.allclose(p.shrink(rows), (alpha + rows) / (alpha.sum() + n), rtol=1e-15, atol=0)
    lo, hi = p.interval(rows, 1, 0.9)
    ref = stats.beta(alpha[1] + rows[:, 1], alpha[0] + rows[:, 0])
    assert np.allclose(lo, ref.ppf(0.05), rtol=1e-10) and np.allclose(hi, ref.ppf(0.95), rtol=1e-10)
    assert np.allclose(p.score(rows, 1, level=0.9), ref.ppf(0.05), rtol=1e-10)
    assert np.array_equal(p.rank(rows, 1, level=0.9), np.argsort(-ref.ppf(0.05), kind="stable"))
    with pytest.raises(bk.InvalidArgumentError):
        bk.Prior([1.0, 0.0])
    with pytest.raises(bk.InvalidArgumentError):
        p.shrink([[1, 2, 3]])
    with pytest.raises(bk.InvalidArgumentError):
        p.score(rows, 2)
