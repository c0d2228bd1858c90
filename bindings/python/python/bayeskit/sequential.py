"""Peek-safe A/B decisions (the core's ``sequential``): rules whose false-positive
rate stays controlled however often one looks at a running experiment.

- :func:`bayes_factor`: ln BF₁₀ for "A and B differ" against "A and B are equal",
  for binomial arms under a :class:`Beta` prior or Poisson arms under a
  :class:`Gamma` prior; stopping at BF₁₀ ≥ 1/α keeps false positives below α
  (averaged over the prior).
- :class:`AlwaysValid`: the mixture sequential probability ratio test (mSPRT) of
  Johari, Pekelis and Walsh; its p-value may be checked after every look.
- :func:`simulate_ab`: how often the naive "P(B > A) > 0.95" rule, the Bayes factor
  and the mSPRT declare a difference when looked at repeatedly.

>>> import bayeskit as bk
>>> test = bk.AlwaysValid.proportions()        # alpha and mixing_sd: the core's defaults
>>> for a, b in [((40, 2000), (62, 2000)), ((85, 4000), (131, 4000)), ((120, 6000), (199, 6000))]:
...     look = test.look(a, b)
>>> round(look.p_value, 4), look.reject, test.looks
(0.0003, True, 3)
>>> round(bk.bayes_factor(bk.Beta(1, 1), (120, 6000), (199, 6000)), 3) > 0
True
"""

from __future__ import annotations

from typing import Any, NamedTuple, Optional, Tuple, Union

from . import _native
from ._errors import InvalidArgumentError
from ._validation import int_arg
from .posterior import Beta, Gamma

__all__ = ["Look", "AlwaysValid", "bayes_factor", "RuleReport", "SimulationReport", "simulate_ab"]

_D = _native.defaults()


def _arm(x: Any, name: str) -> Tuple[Any, Any]:
    try:
        first, second = x
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(f"arm {name} must be a pair (count, trials or exposure), got {x!r:.60}") from e
    return first, second


def _number(v: Any, name: str) -> float:
    if isinstance(v, bool):
        raise InvalidArgumentError(f"{name} must be a number, got {v!r}")
    try:
        return float(v)
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(f"{name} must be a number, got {v!r:.60}") from e


def bayes_factor(prior: Union[Beta, Gamma], a: Tuple[int, Any], b: Tuple[int, Any]) -> float:
    """ln BF₁₀ of "A and B differ" against "A and B are equal".

    With a :class:`Beta` prior the arms are (successes, trials) of integers; with a
    :class:`Gamma` prior they are (count, exposure), an integer count and a finite
    exposure > 0. The prior is on each rate under H₁ and on the common rate under H₀.

    >>> round(bayes_factor(Beta(1, 1), (40, 2000), (62, 2000)), 6)
    -1.950986
    >>> round(bayes_factor(Gamma(2, 3), (0, 4.0), (1, 5.0)), 6)
    -0.4782
    """
    (xa, na), (xb, nb) = _arm(a, "A"), _arm(b, "B")
    if isinstance(prior, Beta):
        return _native.bayes_factor_beta(
            (prior.alpha, prior.beta),
            (int_arg(xa, "successes of A"), int_arg(na, "trials of A")),
            (int_arg(xb, "successes of B"), int_arg(nb, "trials of B")),
        )
    if isinstance(prior, Gamma):
        return _native.bayes_factor_gamma(
            (prior.shape, prior.rate),
            (int_arg(xa, "count of A"), _number(na, "exposure of A")),
            (int_arg(xb, "count of B"), _number(nb, "exposure of B")),
        )
    raise InvalidArgumentError(f"prior must be a bayeskit.Beta or bayeskit.Gamma, got {type(prior).__name__}")


class Look(NamedTuple):
    """One look of an :class:`AlwaysValid` test. ``estimate`` is p_B − p_A for
    proportions, ln(λ_B/λ_A) for rates; ``p_value`` is the always-valid p-value
    (the running minimum); [``lower``, ``upper``] the confidence sequence so far;
    ``reject`` is p ≤ α ("A and B differ" may be declared now)."""

    estimate: float
    std_error: float
    likelihood_ratio: float
    p_value: float
    lower: float
    upper: float
    reject: bool


class AlwaysValid:
    """The mixture sequential probability ratio test: feed it the **cumulative**
    counts of each arm at every look. Mutable (each look narrows it; one per
    thread); a look that raises leaves the test as it was.

    >>> t = AlwaysValid.rates(alpha=0.05, mixing_sd=0.1)
    >>> t.effect, round(t.look((30, 1000.0), (55, 1100.0)).estimate, 4)
    ('log_rate_ratio', 0.5033)
    """

    def __init__(self) -> None:
        raise TypeError("use AlwaysValid.proportions(...) or AlwaysValid.rates(...)")

    @classmethod
    def _wrap(cls, native: Any) -> "AlwaysValid":
        t = cls.__new__(cls)
        t._t = native
        return t

    @classmethod
    def proportions(cls, alpha: Optional[float] = None, mixing_sd: Optional[float] = None) -> "AlwaysValid":
        """A test of p_B − p_A from (successes, trials) per arm; ``mixing_sd`` τ in
        units of the difference (None: the core's defaults, ``bayeskit.defaults()``)."""
        a = _D["alpha"] if alpha is None else _number(alpha, "alpha")
        tau = _D["proportion_mixing_sd"] if mixing_sd is None else _number(mixing_sd, "mixing_sd")
        return cls._wrap(_native.AlwaysValid.proportions(a, tau))

    @classmethod
    def rates(cls, alpha: Optional[float] = None, mixing_sd: Optional[float] = None) -> "AlwaysValid":
        """A test of ln(λ_B/λ_A) from (count, exposure) per arm; ``mixing_sd`` τ in
        units of the log rate ratio."""
        a = _D["alpha"] if alpha is None else _number(alpha, "alpha")
        tau = _D["rate_mixing_sd"] if mixing_sd is None else _number(mixing_sd, "mixing_sd")
        return cls._wrap(_native.AlwaysValid.rates(a, tau))

    def look(self, a: Tuple[Any, Any], b: Tuple[Any, Any]) -> Look:
        """The next look from the cumulative (successes, trials) — or (count,
        exposure) — of arms A and B."""
        (xa, na), (xb, nb) = _arm(a, "A"), _arm(b, "B")
        pa = (_number(xa, "count of A"), _number(na, "trials of A"))
        pb = (_number(xb, "count of B"), _number(nb, "trials of B"))
        return Look(*self._t.look(pa, pb))

    @property
    def effect(self) -> str:
        """"proportion_difference" or "log_rate_ratio"."""
        return self._t.effect

    @property
    def looks(self) -> int:
        """Looks taken so far (failed looks do not count)."""
        return self._t.looks

    def copy(self) -> "AlwaysValid":
        return AlwaysValid._wrap(self._t.copy())

    def __repr__(self) -> str:
        return f"AlwaysValid(effect={self.effect!r}, looks={self.looks})"


class RuleReport(NamedTuple):
    """How one stopping rule did: ``stopped`` experiments declared a difference,
    ``rate`` = stopped/experiments (the false-positive rate of an A/A experiment,
    the power otherwise) with its binomial ``std_error``, and the median look
    (1-based) of the stops (NaN if none stopped)."""

    stopped: int
    rate: float
    std_error: float
    median_stop: float


class SimulationReport(NamedTuple):
    """:func:`simulate_ab`'s reports: the naive rule (stop when P(B > A) exceeds
    the threshold), the Bayes factor (BF₁₀ ≥ 1/α) and the mSPRT (p ≤ α)."""

    naive: RuleReport
    bayes_factor: RuleReport
    always_valid: RuleReport


def simulate_ab(
    *,
    rate_a: Optional[float] = None,
    rate_b: Optional[float] = None,
    per_look: Optional[int] = None,
    looks: Optional[int] = None,
    experiments: Optional[int] = None,
    alpha: Optional[float] = None,
    mixing_sd: Optional[float] = None,
    naive_threshold: Optional[float] = None,
    prior: Optional[Beta] = None,
    seed: Optional[int] = None,
) -> SimulationReport:
    """Simulates A/B experiments with binomial visitors, looked at after every
    ``per_look`` visitors per arm, and reports each rule. Options left as None take
    the core's ``Simulation::default()`` (an A/A test; ``bayeskit.defaults()``,
    keys ``sim_*``). One seed, one report, on every platform. The GIL is released.

    >>> r = simulate_ab(experiments=200, seed=1)
    >>> r.always_valid.rate <= 0.05 + 2 * r.always_valid.std_error
    True
    """
    if prior is not None and not isinstance(prior, Beta):
        raise InvalidArgumentError(f"prior must be a bayeskit.Beta, got {type(prior).__name__}")

    def opt(v: Any, key: str) -> float:
        return _D[key] if v is None else _number(v, key[4:])

    def count(v: Any, key: str) -> int:
        return _D[key] if v is None else int_arg(v, key[4:])

    r = _native.simulate_ab(
        opt(rate_a, "sim_rate_a"),
        opt(rate_b, "sim_rate_b"),
        count(per_look, "sim_per_look"),
        count(looks, "sim_looks"),
        count(experiments, "sim_experiments"),
        opt(alpha, "sim_alpha"),
        opt(mixing_sd, "sim_mixing_sd"),
        opt(naive_threshold, "sim_naive_threshold"),
        tuple(_D["sim_prior"]) if prior is None else (prior.alpha, prior.beta),
        count(seed, "sim_seed"),
    )
    return SimulationReport(*(RuleReport(*x) for x in r))
