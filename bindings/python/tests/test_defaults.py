"""Defaults live in the core's Default impls: the package reads them through
``bayeskit.defaults()`` and restates none (as capi/src/defaults_tests.rs checks for
the JVM sources)."""

from __future__ import annotations

import ast
import inspect
import pathlib

import bayeskit as bk
from bayeskit import dirichlet, logistic, posterior

PKG = pathlib.Path(bk.__file__).parent


def test_no_python_source_states_a_default_value():
    for path in sorted(PKG.glob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args
                for d in [*args.defaults, *args.kw_defaults]:
                    if d is None:
                        continue
                    # None (= the core's default), booleans and 0/1 counts/seeds of
                    # the Python API itself are fine; any other literal number is a
                    # restated default.
                    if isinstance(d, ast.Constant) and isinstance(d.value, float):
                        raise AssertionError(f"{path.name}:{d.lineno}: {node.name} states a default {d.value!r}")
                    if isinstance(d, ast.Constant) and isinstance(d.value, int) and d.value not in (0, 1, True, False):
                        raise AssertionError(f"{path.name}:{d.lineno}: {node.name} states a default {d.value!r}")


def test_estimators_take_the_core_defaults():
    d = bk.defaults()
    for est in (logistic.LogisticRegression, logistic.LogisticRegressionCV):
        assert all(p.default is None for n, p in inspect.signature(est.__init__).parameters.items() if n != "self")
    assert posterior.DEFAULT_LEVEL == d["level"]
    # A fit with every option left out equals one with the core's defaults spelled out.
    import numpy as np

    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 3))
    y = (X[:, 0] > 0).astype(int)
    a = logistic.LogisticRegression().fit(X, y)
    assert a.info_["tol"] == d["tol"]
    counts = rng.integers(0, 9, size=(100, 3))
    f = dirichlet.DirichletMultinomial.fit(counts)
    g = dirichlet.DirichletMultinomial.fit(
        counts, max_iter=d["dm_max_iter"], tol=d["dm_tol"], hyperprior=d["dm_hyperprior"], drop_empty=d["dm_drop_empty"]
    )
    assert np.array_equal(f.alpha, g.alpha)
