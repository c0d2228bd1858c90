"""Thompson-sampling bandits (the core's ``bandit``) over :class:`Beta` (Bernoulli
or binomial rewards), :class:`Gamma` (Poisson counts with exposure) and
:class:`NormalGamma` (Normal rewards) arms.

A bandit is safe to share between threads (the core locks its statistics);
each thread passes its own ``rng`` (a seed or a :class:`Rng`). Updates commute, so
late rewards are applied whenever they arrive.

>>> import bayeskit as bk
>>> b = bk.Bandit(bk.Beta(1, 1), arms=3)
>>> rng = bk.Rng(7)
>>> for _ in range(300):
...     arm = b.choose(rng)
...     _ = b.update(arm, 1 if arm == 2 else 0)   # (successes, trials=1)
>>> r = b.report(rng=1)
>>> r.best, r.method.name, bool(r.prob_best[2] > 0.9)
(2, 'quadrature', True)
"""

from __future__ import annotations

from typing import Any, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np

from . import _native
from ._errors import InvalidArgumentError
from ._validation import finite_1d, int_arg
from .posterior import Beta, Gamma, Method, NormalGamma, RngLike

__all__ = ["Bandit", "BanditReport", "BanditSimulation", "simulate_bandit"]

_D = _native.defaults()

Family = Union[Beta, Gamma, NormalGamma]
_FAMILIES = {Beta: "beta", Gamma: "gamma", NormalGamma: "normal_gamma"}


def _params(p: Family) -> list:
    if isinstance(p, NormalGamma):
        return list(p._p())
    return list(p._pair())


class BanditReport(NamedTuple):
    """:meth:`Bandit.report`: each arm's probability of being best and expected
    loss, the arm most probably best, how P(best) was computed, and the ``level``
    quantile of the value remaining (absolute, and relative to the best arm's
    value: NaN for Normal–Gamma arms)."""

    prob_best: np.ndarray
    expected_loss: np.ndarray
    best: int
    method: Method
    value_remaining: float
    value_remaining_relative: float
    draws: int


class Bandit:
    """K arms of one family, each with the prior ``prior`` (one for all, then give
    ``arms``) or ``prior[i]`` (a sequence, one per arm). ``top_two_beta`` (None:
    the core's default) is the leader's share in :meth:`choose_top_two`.

    An update is ``(value, size)``: (successes, trials) for Beta arms, (count,
    exposure) for Gamma arms, (x, 1) for Normal–Gamma arms.
    """

    def __init__(
        self,
        prior: Union[Family, Sequence[Family]],
        arms: Optional[int] = None,
        *,
        top_two_beta: Optional[float] = None,
    ) -> None:
        priors = list(prior) if isinstance(prior, (list, tuple)) else [prior]
        if not priors:
            raise InvalidArgumentError("give one prior (with arms=K) or one per arm")
        cls = type(priors[0])
        if cls not in _FAMILIES or any(type(p) is not cls for p in priors):
            raise InvalidArgumentError(
                "priors must be all bayeskit.Beta, all bayeskit.Gamma or all bayeskit.NormalGamma, got "
                + ", ".join(sorted({type(p).__name__ for p in priors}))
            )
        if arms is None:
            if len(priors) == 1 and not isinstance(prior, (list, tuple)):
                raise InvalidArgumentError("with one prior for every arm, give arms=K")
            k = len(priors)
        else:
            k = int_arg(arms, "arms", 1)
        t = _D["top_two_beta"] if top_two_beta is None else float(top_two_beta)
        self._family = cls
        self._b = _native.Bandit(_FAMILIES[cls], [_params(p) for p in priors], k, t)

    @property
    def arms(self) -> int:
        return self._b.arms

    @property
    def top_two_beta(self) -> float:
        return self._b.top_two_beta

    def choose(self, rng: RngLike = 0) -> int:
        """Thompson sampling: the arm with the largest posterior draw."""
        return self._b.choose(rng)

    def choose_top_two(self, rng: RngLike = 0) -> int:
        """Top-two Thompson sampling (Russo 2016), for finding the best arm."""
        return self._b.choose_top_two(rng)

    def update(self, arm: int, value: float, size: float = 1, weight: float = 1) -> "Bandit":
        """Adds one observation to ``arm`` (counted ``weight`` times); on error the
        bandit is unchanged. Returns self."""
        self._b.update_batch([(int_arg(arm, "arm"), float(value), float(size), float(weight))])
        return self

    def update_batch(self, arms: Any, values: Any, sizes: Any = None, weights: Any = None) -> "Bandit":
        """Applies many updates at once: all of them, or none on error. Returns self."""
        a = np.asarray(arms)
        if a.dtype.kind not in "iu" or a.ndim != 1 or (a.size and a.min() < 0):
            raise InvalidArgumentError("arms must be a 1-D array of arm indices (integers >= 0)")
        v = finite_1d(values, "values")
        s = np.ones_like(v) if sizes is None else finite_1d(sizes, "sizes")
        w = np.ones_like(v) if weights is None else finite_1d(weights, "weights")
        if not (a.shape[0] == v.shape[0] == s.shape[0] == w.shape[0]):
            raise InvalidArgumentError(
                f"arms, values, sizes and weights have {a.shape[0]}, {v.shape[0]}, {s.shape[0]}, {w.shape[0]} values"
            )
        self._b.update_batch(list(zip(a.tolist(), v.tolist(), s.tolist(), w.tolist())))
        return self

    def discount(self, gamma: float) -> "Bandit":
        """Multiplies every arm's data by γ in (0, 1] (forgetting). Returns self."""
        self._b.discount(float(gamma))
        return self

    def posterior(self, arm: int) -> Family:
        return self._family(*self._b.posterior(int_arg(arm, "arm")))

    def prior(self, arm: int) -> Family:
        return self._family(*self._b.prior(int_arg(arm, "arm")))

    def stats(self, arm: int) -> Tuple[float, ...]:
        """The data part of the arm's statistics: (successes, failures), (count,
        exposure) or (n, mean, ss)."""
        return tuple(self._b.stats(int_arg(arm, "arm")))

    def report(self, rng: RngLike = 0, *, draws: Optional[int] = None, level: Optional[float] = None) -> BanditReport:
        """P(best) per arm (exact for Beta and Gamma, Monte Carlo for Normal–Gamma),
        expected losses and the value remaining (Scott 2015), by seeded Monte Carlo.
        Options left as None take the core's defaults. The GIL is released."""
        n = _D["bandit_report_draws"] if draws is None else int_arg(draws, "draws")
        lvl = _D["bandit_report_level"] if level is None else float(level)
        pb, loss, best, m, vr, vrr, d = self._b.report(rng, n, lvl)
        pb.setflags(write=False)
        loss.setflags(write=False)
        return BanditReport(pb, loss, best, Method(*m), vr, vrr, d)

    def __repr__(self) -> str:
        return f"Bandit({self._family.__name__}, arms={self.arms})"


class BanditSimulation(NamedTuple):
    """:func:`simulate_bandit`: the mean cumulative regret per run, each arm's
    share of the pulls, and the share of runs that ended with a best arm most
    probably best."""

    mean_regret: float
    picks: np.ndarray
    found_best: float


def simulate_bandit(
    rates: Sequence[float], *, rounds: int, runs: int, seed: int = 0, top_two: bool = False, prior: Optional[Beta] = None
) -> BanditSimulation:
    """Simulates a bandit on Bernoulli arms of success probabilities ``rates``:
    ``runs`` runs of ``rounds`` choices (top-two sampling if ``top_two``), every arm
    with ``prior`` (None: the uniform ``Beta(1, 1)``). A seed reproduces it on every
    platform. The GIL is released.

    >>> s = simulate_bandit([0.1, 0.3], rounds=500, runs=20, seed=1)
    >>> bool(s.picks[1] > 0.8), s.found_best
    (True, 1.0)
    """
    if prior is not None and not isinstance(prior, Beta):
        raise InvalidArgumentError(f"prior must be a bayeskit.Beta, got {type(prior).__name__}")
    p = Beta.uniform() if prior is None else prior
    r = finite_1d(rates, "rates").tolist()
    mean_regret, picks, found = _native.bandit_simulate(
        r, int_arg(rounds, "rounds"), int_arg(runs, "runs"), int_arg(seed, "seed"), bool(top_two), (p.alpha, p.beta)
    )
    picks.setflags(write=False)
    return BanditSimulation(mean_regret, picks, found)
