"""Pictures where people would rather look than read (``pip install bayeskit[plot]``).

Every function draws on a matplotlib ``Axes`` you pass, or on a new
:class:`matplotlib.figure.Figure` (no pyplot, no GUI backend: ``fig.savefig`` renders
with Agg), and returns the figure.

>>> import bayeskit as bk, bayeskit.plot as bkp
>>> fig = bkp.posterior_density(bk.Beta(21, 981))
>>> len(fig.axes)
1
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Tuple

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from . import posterior as _post
from ._errors import InvalidArgumentError

__all__ = ["posterior_density", "ab_comparison", "shrinkage", "regularisation_path"]

_TAIL = 1e-4  # the plotted range: the central 1 − 2·1e-4 of a distribution
_POINTS = 400  # points of a plotted density


def _axes(ax: Optional[Axes], n: int = 1, size: Tuple[float, float] = (6.0, 4.0)) -> Tuple[Figure, Sequence[Axes]]:
    if ax is not None:
        return ax.figure, [ax]  # type: ignore[return-value]
    fig = Figure(figsize=(size[0] * n, size[1]), layout="constrained")
    return fig, list(fig.subplots(1, n)) if n > 1 else [fig.subplots()]


def _grid(d: Any) -> np.ndarray:
    lo, hi = d.quantile(_TAIL), d.quantile(1 - _TAIL)
    return np.linspace(lo, hi, _POINTS)


def posterior_density(
    d: Any, level: Optional[float] = None, ax: Optional[Axes] = None, label: Optional[str] = None
) -> Figure:
    """The density of a distribution of one number (Beta, Gamma, Normal, StudentT,
    NormalKnownVariance) with its equal-tailed interval shaded and the mean marked."""
    if not isinstance(d, _post._Univariate):
        raise InvalidArgumentError(f"posterior_density takes a distribution of one number, got {type(d).__name__}")
    fig, (a,) = _axes(ax)
    x = _grid(d)
    y = d.pdf(x)
    lo, hi = d.interval(level)
    (line,) = a.plot(x, y, label=label or repr(d))
    inside = (x >= lo) & (x <= hi)
    lvl = _post.DEFAULT_LEVEL if level is None else level
    a.fill_between(x[inside], y[inside], alpha=0.3, color=line.get_color(), label=f"{lvl:.0%} interval [{lo:.4g}, {hi:.4g}]")
    m = d.mean()
    if m is not None:
        a.axvline(m, color=line.get_color(), linestyle="--", linewidth=1)
    a.set_ylabel("density")
    a.set_ylim(bottom=0)
    a.legend(fontsize="small")
    return fig


def ab_comparison(
    a: Any, b: Any, level: Optional[float] = None, draws: int = 0, rng: Any = 0, labels: Tuple[str, str] = ("A", "B")
) -> Figure:
    """An A/B comparison: both posteriors (left) and the distribution of the lift
    θ_B/θ_A − 1 (right: a histogram of seeded draws, ``draws`` of them or the
    core's Monte Carlo default, with the exact median and interval), titled with
    P(B > A) and the expected losses."""
    s = a.compare_summary(b, level)
    fig, (left, right) = _axes(None, 2)
    for d, name in ((a, labels[0]), (b, labels[1])):
        x = _grid(d)
        left.plot(x, d.pdf(x), label=f"{name}: mean {d.mean():.4g}")
        lo, hi = d.interval(level)
        left.axvspan(lo, hi, alpha=0.12, color=left.lines[-1].get_color())
    left.set_title(f"P({labels[1]} > {labels[0]}) = {s.prob_b_greater:.4f}")
    left.set_ylabel("density")
    left.legend(fontsize="small")
    n = draws or int(_post._D["mc_draws"]) * 20
    r = _post.Rng(rng) if isinstance(rng, int) else rng
    lift = b.sample(n, rng=r) / a.sample(n, rng=r) - 1
    lo_q, hi_q = np.quantile(lift, [_TAIL, 1 - _TAIL])
    right.hist(lift[(lift >= lo_q) & (lift <= hi_q)], bins=80, density=True, alpha=0.5, label=f"{n} draws")
    lvl = _post.DEFAULT_LEVEL if level is None else level
    right.axvline(s.lift_median, color="k", label=f"median {s.lift_median:+.2%}")
    for v in s.lift:
        right.axvline(v, color="k", linestyle="--", linewidth=1)
    right.axvline(0, color="grey", linewidth=0.8)
    right.set_title(f"lift {labels[1]}/{labels[0]} − 1: {lvl:.0%} [{s.lift.lower:+.2%}, {s.lift.upper:+.2%}]")
    right.set_xlabel("lift")
    right.legend(fontsize="small")
    fig.suptitle(f"expected loss: choosing {labels[0]} {s.expected_loss_a:.3g}, choosing {labels[1]} {s.expected_loss_b:.3g}")
    return fig


def shrinkage(prior: Any, counts: Any, k: int, ax: Optional[Axes] = None, max_rows: int = 0) -> Figure:
    """Raw share x_k/n and shrunk share (posterior mean) of category k for each row,
    against the row's number of ratings n (log scale): small rows move furthest
    towards the prior mean. ``max_rows`` > 0 plots only the first rows."""
    c = np.asarray(counts)
    if max_rows:
        c = c[:max_rows]
    shrunk = prior.shrink(c)[:, k]
    n = c.sum(axis=1).astype(float)
    keep = n > 0
    raw = c[keep, k] / n[keep]
    fig, (a,) = _axes(ax)
    a.vlines(n[keep], raw, shrunk[keep], color="0.8", linewidth=0.5)
    a.scatter(n[keep], raw, s=6, color="0.5", label="raw share")
    a.scatter(n[keep], shrunk[keep], s=6, label="shrunk share (posterior mean)")
    mean = prior.alpha[k] / prior.alpha.sum()
    a.axhline(mean, color="k", linestyle="--", linewidth=1, label=f"prior mean {mean:.3f}")
    a.set_xscale("log")
    a.set_xlabel("ratings per row")
    a.set_ylabel(f"share of category {k}")
    a.legend(fontsize="small")
    return fig


def regularisation_path(cv: Any) -> Figure:
    """A fitted :class:`bayeskit.LogisticRegressionCV`: the held-out log-loss against
    λ with ± one standard error (left) and the non-zero weights along the path
    (right), with λ_min and λ_1se marked."""
    for attr in ("lambdas_", "cv_mean_", "cv_se_", "nnz_"):
        if not hasattr(cv, attr):
            raise InvalidArgumentError("regularisation_path takes a fitted LogisticRegressionCV")
    fig, (left, right) = _axes(None, 2)
    left.errorbar(cv.lambdas_, cv.cv_mean_, yerr=cv.cv_se_, fmt="o-", markersize=3, capsize=2, label="held-out log-loss")
    left.plot(cv.lambdas_, cv.loss_, "s-", markersize=3, alpha=0.6, label="training loss")
    right.plot(cv.lambdas_, cv.nnz_, "o-", markersize=3)
    for a in (left, right):
        a.set_xscale("log")
        a.set_xlabel("λ")
        a.axvline(cv.lambda_min_, color="C2", linestyle="--", label=f"λ_min {cv.lambda_min_:.3g}")
        a.axvline(cv.lambda_1se_, color="C3", linestyle=":", label=f"λ_1se {cv.lambda_1se_:.3g}")
    left.set_ylabel("log-loss")
    right.set_ylabel("non-zero weights")
    left.legend(fontsize="small")
    right.legend(fontsize="small")
    return fig
