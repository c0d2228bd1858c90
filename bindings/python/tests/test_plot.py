"""bayeskit.plot: the example script writes the four PNG files from the demo data."""

from __future__ import annotations

import importlib.util

import pytest

import bayeskit as bk
import bayeskit.plot as bkp


def test_example_writes_the_pictures(root, tmp_path):
    spec = importlib.util.spec_from_file_location("plots", root / "bindings" / "python" / "examples" / "plots.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    written = mod.main(tmp_path)
    names = sorted(p.name for p in written)
    assert names == ["ab_comparison.png", "posterior_density.png", "regularisation_path.png", "shrinkage.png"]
    for p in written:
        data = p.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000, p


def test_plot_arguments_are_checked():
    with pytest.raises(bk.InvalidArgumentError):
        bkp.posterior_density(bk.Dirichlet([1.0, 2.0]))
    with pytest.raises(bk.InvalidArgumentError):
        bkp.regularisation_path(bk.LogisticRegression())
    fig = bkp.posterior_density(bk.NormalKnownVariance(0, 1, 1).update([0.3, 0.1]))
    assert fig.axes[0].get_legend() is not None
