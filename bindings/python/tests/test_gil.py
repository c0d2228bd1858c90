"""The GIL is released during batch scoring, training, fitting and simulating.

With a long switch interval no thread is forced to give up the GIL, so another
Python thread can run while a call is in progress only if the call releases the GIL
itself. The worker raises a flag around its native calls; the main thread, woken
when the GIL is released, must see the flag up. A call that held the GIL would let
the main thread run only after the worker's loop ended (flag down)."""

from __future__ import annotations

import sys
import threading

import numpy as np
import pytest
import scipy.sparse as sp

import bayeskit as bk


def released_during(call, repeat=20):
    inside = threading.Event()
    done = threading.Event()

    def worker():
        for _ in range(repeat):
            inside.set()
            call()
            inside.clear()
        done.set()

    old = sys.getswitchinterval()
    sys.setswitchinterval(30.0)
    try:
        t = threading.Thread(target=worker)
        t.start()
        seen = False
        while not done.is_set():
            if inside.is_set():
                seen = True
                break
        t.join()
    finally:
        sys.setswitchinterval(old)
    return seen


@pytest.fixture(scope="module")
def data():
    X = sp.random(20000, 500, density=0.05, format="csr", random_state=0)
    y = np.random.default_rng(0).integers(0, 3, size=20000)
    return X, y


def test_the_probe_can_fail():
    # Python code holds the GIL between switch intervals: never seen from outside.
    assert not released_during(lambda: sum(range(300_000)))


def test_batch_scoring_releases_the_gil(data):
    X, y = data
    clf = bk.LogisticRegression(C=1.0, laplace="none").fit(X, y)
    assert released_during(lambda: clf.predict_proba(X))


def test_training_and_fitting_release_the_gil(data):
    X, y = data
    assert released_during(lambda: bk.LogisticRegression(C=1.0, laplace="none").fit(X, y), repeat=3)
    counts = np.random.default_rng(1).integers(0, 30, size=(200_000, 4))
    stats = bk.DirichletMultinomial.stats(counts)
    assert released_during(lambda: bk.DirichletMultinomial.stats(counts), repeat=3)
    assert released_during(lambda: bk.DirichletMultinomial.fit_stats(stats), repeat=50)


def test_prior_fits_and_the_simulation_release_the_gil():
    rng = np.random.default_rng(2)
    trials = rng.integers(100, 10_000, size=200_000)
    successes = rng.binomial(trials, rng.beta(2, 50, size=trials.size))
    assert released_during(lambda: bk.fit_beta_prior(successes, trials), repeat=5)
    exposures = rng.integers(1, 100, size=200_000).astype(float)
    counts = rng.poisson(exposures * rng.gamma(2, 0.5, size=exposures.size))
    assert released_during(lambda: bk.fit_gamma_prior(counts, exposures), repeat=5)
    assert released_during(lambda: bk.simulate_ab(experiments=2000, seed=3), repeat=3)
