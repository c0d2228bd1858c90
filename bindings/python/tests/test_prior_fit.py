"""Beta and Gamma priors fitted from past experiments, against the committed scipy
references (tests/reference/prior_fit.json, written by
tests/reference/generate_prior_fit.py), and bad input."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import bayeskit as bk


@pytest.fixture(scope="module")
def reference(root):
    return json.loads((root / "tests" / "reference" / "prior_fit.json").read_text())


def close(got, want, rel):
    return abs(got - want) <= rel * max(abs(want), 1e-300)


def check(f, c, params):
    assert f.outcome == c["outcome"], c["name"]
    assert f.rows == len(c["exposures" if "exposures" in c else "trials"])
    limit = f.loglik_binomial if isinstance(f, bk.BetaPriorFit) else f.loglik_poisson
    assert close(limit, c["loglik_limit"], 1e-10), c["name"]
    if c["outcome"] != "converged":
        assert f.prior is None and f.prior_error, c["name"]
        assert not f.converged
        return
    assert close(f.loglik, c["loglik"], 1e-11), c["name"]
    for got, key in zip(params, ("alpha", "beta") if isinstance(f, bk.BetaPriorFit) else ("shape", "rate")):
        assert close(got, c[key], 1e-9), (c["name"], key)
    for got, want in zip(f.std_errors, c["std_errors"]):
        assert close(got, want, 1e-9), c["name"]
    assert abs(f.lr_stat - c["lr_stat"]) <= 1e-6 * max(c["lr_stat"], 1.0)
    assert abs(f.lr_pvalue - c["lr_pvalue"]) <= 1e-9
    assert f.prior_error is None and f.converged
    assert math.isclose(f.aic, 4 - 2 * f.loglik)


def test_beta_priors_match_scipy(reference):
    for c in reference["beta"]:
        # Any integer dtype is accepted.
        f = bk.fit_beta_prior(np.array(c["successes"], dtype=np.int32), c["trials"])
        check(f, c, (f.alpha, f.beta))
        if f.prior is not None:
            assert f.prior == bk.Beta(f.alpha, f.beta)
        else:
            assert f.alpha == math.inf and f.beta == math.inf


def test_gamma_priors_match_scipy(reference):
    for c in reference["gamma"]:
        f = bk.fit_gamma_prior(np.array(c["counts"], dtype=np.uint64), c["exposures"])
        check(f, c, (f.shape, f.rate))
        if f.prior is not None:
            assert f.prior == bk.Gamma(f.shape, f.rate)


def test_the_results_are_frozen():
    f = bk.fit_beta_prior([12, 30, 7, 45], [400, 700, 350, 900])
    with pytest.raises(AttributeError):
        f.alpha = 1.0  # type: ignore[misc]


def test_options_left_out_are_the_core_defaults():
    d = bk.defaults()
    s, n = [12, 30, 7, 45, 20, 9, 33, 15], [400, 700, 350, 900, 500, 410, 650, 480]
    assert bk.fit_beta_prior(s, n) == bk.fit_beta_prior(s, n, max_iter=d["prior_fit_max_iter"], tol=d["prior_fit_tol"])
    # An iteration limit of one stops before convergence: reported, not raised.
    f = bk.fit_beta_prior(s, n, max_iter=1)
    assert f.outcome == "not_converged" and f.prior is None and "converge" in f.prior_error


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: bk.fit_beta_prior([1, -2], [5, 5]), r"successes\[1\] = -2 is negative"),
        (lambda: bk.fit_beta_prior([1.0, 2.0], [5, 5]), "must be an array of integers, got dtype float64"),
        (lambda: bk.fit_beta_prior([True, False], [5, 5]), "must be an array of integers"),
        (lambda: bk.fit_beta_prior([[1, 2]], [[5, 5]]), "one-dimensional"),
        (lambda: bk.fit_beta_prior([1, 2], [5, 5, 5]), "trials has 3 values for 2 successes"),
        (lambda: bk.fit_beta_prior([6, 2], [5, 5]), "row 0: 6 successes is more than its 5 trials"),
        (lambda: bk.fit_beta_prior([], []), "no rows"),
        (lambda: bk.fit_beta_prior([0, 0], [5, 5]), "no row has a success"),
        (lambda: bk.fit_beta_prior([1, 2], [5, 5], max_iter=0), "max_iter must be >= 1"),
        (lambda: bk.fit_beta_prior([1, 2], [5, 5], tol=0.5), "tol must be in"),
        (lambda: bk.fit_gamma_prior([1, 2], [1.0, math.nan]), r"exposures\[1\] must be finite"),
        (lambda: bk.fit_gamma_prior([1, 2], [1.0, 0.0]), "row 1: exposure must be finite and > 0"),
        (lambda: bk.fit_gamma_prior([1, -1], [1.0, 1.0]), "is negative"),
        (lambda: bk.fit_gamma_prior([1, 2], [1.0]), "exposures has 1 values for 2 counts"),
    ],
)
def test_bad_input_raises_invalid_argument(call, match):
    with pytest.raises(bk.InvalidArgumentError, match=match):
        call()
