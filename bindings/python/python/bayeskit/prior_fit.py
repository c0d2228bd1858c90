"""Beta and Gamma priors fitted from past experiments (the core's ``prior_fit``).

Past (successes, trials) per experiment or arm give a Beta prior by the
beta-binomial likelihood; past (count, exposure) pairs give a Gamma prior by the
gamma–Poisson (negative binomial) likelihood. The result reports how the fit
ended: ``prior`` is None (and ``prior_error`` says why) when the past data show no
over-dispersion, cannot identify a prior, or the fit did not converge.

>>> import bayeskit as bk
>>> f = bk.fit_beta_prior([12, 30, 7, 45, 20, 9, 33, 15], [400, 700, 350, 900, 500, 410, 650, 480])
>>> f.outcome, round(f.prior.alpha, 4), round(f.prior.beta, 2)
('converged', 24.1497, 619.48)
>>> a = f.prior.update(successes=3, failures=97)   # the next experiment starts from it
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from . import _native
from ._validation import counts_1d, finite_1d, int_arg, same_length
from .posterior import Beta, Gamma

__all__ = ["BetaPriorFit", "GammaPriorFit", "fit_beta_prior", "fit_gamma_prior"]

_D = _native.defaults()


def _options(max_iter: Optional[int], tol: Optional[float]) -> Tuple[int, float]:
    mi = _D["prior_fit_max_iter"] if max_iter is None else int_arg(max_iter, "max_iter", 1)
    return mi, float(_D["prior_fit_tol"] if tol is None else tol)


@dataclass(frozen=True)
class BetaPriorFit:
    """A Beta prior fitted by :func:`fit_beta_prior`. Read ``outcome`` first: only
    "converged" gives a ``prior``; "no_overdispersion" (α, β = +inf),
    "not_identifiable" (NaN) and "not_converged" are reported, never raised."""

    outcome: str
    prior: Optional[Beta]
    alpha: float
    beta: float
    std_errors: Tuple[float, float]
    loglik: float
    loglik_binomial: float
    lr_stat: float
    lr_pvalue: float
    aic: float
    bic: float
    iterations: int
    rows: int
    prior_error: Optional[str]

    @property
    def converged(self) -> bool:
        return self.outcome == "converged"


@dataclass(frozen=True)
class GammaPriorFit:
    """A Gamma prior fitted by :func:`fit_gamma_prior` (read ``outcome`` first, as
    :class:`BetaPriorFit`); ``rate`` is in units of exposure."""

    outcome: str
    prior: Optional[Gamma]
    shape: float
    rate: float
    std_errors: Tuple[float, float]
    loglik: float
    loglik_poisson: float
    lr_stat: float
    lr_pvalue: float
    aic: float
    bic: float
    iterations: int
    rows: int
    prior_error: Optional[str]

    @property
    def converged(self) -> bool:
        return self.outcome == "converged"


def _common(d: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "outcome": d["outcome"],
        "std_errors": tuple(d["std_errors"]),
        "lr_stat": d["lr_stat"],
        "lr_pvalue": d["lr_pvalue"],
        "aic": d["aic"],
        "bic": d["bic"],
        "iterations": d["iterations"],
        "rows": d["rows"],
        "prior_error": d["prior_error"],
    }


def fit_beta_prior(
    successes: Any, trials: Any, *, max_iter: Optional[int] = None, tol: Optional[float] = None
) -> BetaPriorFit:
    """Fits a Beta prior to past (successes, trials), one pair per experiment or
    arm (1-D, any integer dtype; floats, booleans, negative values, rows with more
    successes than trials and vectors of different lengths are rejected with
    :class:`InvalidArgumentError`). Options left as None take the core's defaults.
    The GIL is released while fitting.

    >>> f = fit_beta_prior([5, 5, 5, 5], [100, 100, 100, 100])   # no over-dispersion
    >>> f.outcome, f.prior is None
    ('no_overdispersion', True)
    """
    s = counts_1d(successes, "successes")
    n = counts_1d(trials, "trials")
    same_length(s, n, "successes", "trials")
    d = _native.beta_prior_fit(s, n, *_options(max_iter, tol))
    alpha, beta = d["params"]
    prior = Beta(alpha, beta) if d["prior_error"] is None else None
    return BetaPriorFit(prior=prior, alpha=alpha, beta=beta, loglik=d["loglik"], loglik_binomial=d["loglik_limit"], **_common(d))


def fit_gamma_prior(
    counts: Any, exposures: Any, *, max_iter: Optional[int] = None, tol: Optional[float] = None
) -> GammaPriorFit:
    """Fits a Gamma prior to past (count, exposure) pairs (counts: 1-D, any integer
    dtype, ≥ 0; exposures: finite and > 0, one per count). Options left as None
    take the core's defaults. The GIL is released while fitting.

    >>> f = fit_gamma_prior([30, 80, 12, 55, 140, 20], [1000, 1500, 800, 1200, 2000, 900])
    >>> f.outcome, round(f.prior.shape, 4), round(f.prior.rate, 2), round(f.lr_pvalue, 14)
    ('converged', 4.52, 113.29, 7.4e-12)
    """
    c = counts_1d(counts, "counts")
    t = finite_1d(exposures, "exposures")
    same_length(c, t, "counts", "exposures")
    d = _native.gamma_prior_fit(c, t, *_options(max_iter, tol))
    shape, rate = d["params"]
    prior = Gamma(shape, rate) if d["prior_error"] is None else None
    return GammaPriorFit(prior=prior, shape=shape, rate=rate, loglik=d["loglik"], loglik_poisson=d["loglik_limit"], **_common(d))
