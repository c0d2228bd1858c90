"""Conjugate posteriors, comparisons of arms and Bayes' rule over hypotheses.

Every family is a frozen dataclass of its parameters; ``update`` returns a new
posterior. The numbers are the Rust core's (the same as the CLI, the C API and
the C++/JVM bindings), and seeded sampling uses the generator every binding
shares, so ``sample(n, rng=seed)`` draws the same values everywhere.

>>> import bayeskit as bk
>>> a = bk.Beta(1, 1).update(successes=120, failures=880)
>>> b = bk.Beta(1, 1).update(successes=150, failures=850)
>>> c = a.compare(b)
>>> round(c.prob_b_greater, 4), c.method.name
(0.9751, 'quadrature')
>>> lo, hi = a.interval(0.95)
>>> round(lo, 4), round(hi, 4)
(0.1013, 0.1416)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np

from . import _native
from ._errors import InvalidArgumentError
from ._validation import f64_1d, finite_1d

__all__ = [
    "Rng",
    "Interval",
    "Method",
    "Comparison",
    "LiftInterval",
    "CompareSummary",
    "ProbBest",
    "Beta",
    "Gamma",
    "Normal",
    "StudentT",
    "NormalKnownVariance",
    "NormalGamma",
    "Dirichlet",
    "Hypotheses",
    "compare",
    "prob_best",
    "DEFAULT_LEVEL",
]

_D = _native.defaults()
#: The credible level used where a level is left out (the core's ``DEFAULT_LEVEL``).
DEFAULT_LEVEL: float = _D["level"]

Rng = _native.Rng
RngLike = Union[int, "_native.Rng"]


class Interval(NamedTuple):
    """An equal-tailed credible interval."""

    lower: float
    upper: float


class Method(NamedTuple):
    """How a comparison was computed: ``name`` is "closed form", "quadrature" or
    "monte carlo"; ``evaluations`` and ``error`` (the estimated error) are those of
    quadrature, ``draws`` those of Monte Carlo (0 otherwise)."""

    name: str
    evaluations: int
    error: float
    draws: int


class Comparison(NamedTuple):
    """B against A: P(θ_B > θ_A) and the expected loss of choosing each arm."""

    prob_b_greater: float
    expected_loss_a: float
    expected_loss_b: float
    method: Method


class LiftInterval(NamedTuple):
    """An equal-tailed interval of the lift θ_B/θ_A − 1."""

    lower: float
    upper: float
    method: Method


class CompareSummary(NamedTuple):
    """Everything an A/B read-out needs (as the JVM's ``CompareSummary``)."""

    prob_b_greater: float
    expected_loss_a: float
    expected_loss_b: float
    lift_median: float
    lift: Interval
    method: Method


class ProbBest(NamedTuple):
    """P(each arm has the largest value), summing to 1."""

    probabilities: np.ndarray
    method: Method


def _method(m: Tuple[str, int, float, int]) -> Method:
    return Method(*m)


def _merge(a: Method, b: Method) -> Method:
    """The method of a result computed from several (as the core's ``Method::and``)."""
    if a.name == "quadrature" and b.name == "quadrature":
        return Method("quadrature", a.evaluations + b.evaluations, max(a.error, b.error), 0)
    return a if a.name == "quadrature" else b


def _level(level: Optional[float]) -> float:
    return DEFAULT_LEVEL if level is None else float(level)


class _Univariate:
    """Summaries of a distribution of one number (methods shared by the families)."""

    _family: str = ""

    def _params(self) -> list:
        raise NotImplementedError

    def _check(self) -> None:
        _native.uni_check(self._family, self._params())

    def mean(self) -> Optional[float]:
        """The mean (None where it does not exist)."""
        return _native.uni_moments(self._family, self._params())[0]

    def variance(self) -> Optional[float]:
        """The variance (None where it does not exist)."""
        return _native.uni_moments(self._family, self._params())[1]

    def mode(self) -> Optional[float]:
        """The mode (None where it does not exist, e.g. a U-shaped Beta)."""
        return _native.uni_moments(self._family, self._params())[2]

    def logpdf(self, x: Any) -> Any:
        """ln density at x (a number or an array)."""
        return _vec(lambda v: _native.uni_ln_pdf(self._family, self._params(), v), x)

    def pdf(self, x: Any) -> Any:
        """Density at x (a number or an array)."""
        return np.exp(self.logpdf(x))

    def cdf(self, x: Any) -> Any:
        """P(X ≤ x) (a number or an array)."""
        return _vec(lambda v: _native.uni_cdf(self._family, self._params(), v), x)

    def quantile(self, p: Any) -> Any:
        """The quantile at p in [0, 1] (a number or an array)."""
        return _vec(lambda v: _native.uni_quantile(self._family, self._params(), v), p)

    def interval(self, level: Optional[float] = None) -> Interval:
        """The equal-tailed interval at ``level`` (default :data:`DEFAULT_LEVEL`)."""
        return Interval(*_native.uni_interval(self._family, self._params(), _level(level)))

    def sample(self, n: int, rng: RngLike = 0) -> np.ndarray:
        """``n`` draws; ``rng`` is a seed or a :class:`Rng` (whose state advances)."""
        return _native.uni_sample(self._family, self._params(), _count(n), rng)


def _count(n: Any) -> int:
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 0:
        raise InvalidArgumentError(f"n must be an int >= 0, got {n!r}")
    return int(n)


def _vec(f: Any, x: Any) -> Any:
    """Applies a vectorised native to a number or an array, keeping the shape."""
    a = np.asarray(x, dtype=np.float64)
    out = f(np.ascontiguousarray(a.reshape(-1)))
    return float(out[0]) if a.ndim == 0 else out.reshape(a.shape)


class _RateArm(_Univariate):
    """Comparisons of two arms of one family (Beta or Gamma)."""

    def _pair(self) -> Tuple[float, float]:
        raise NotImplementedError

    def _same(self, other: Any) -> Tuple[float, float]:
        if type(other) is not type(self):
            raise InvalidArgumentError(
                f"compare arms of one family: {type(self).__name__} against {type(other).__name__}"
            )
        return other._pair()

    def compare(self, other: Any, draws: Optional[int] = None, rng: RngLike = 0) -> Comparison:
        """This arm (A) against ``other`` (B): P(θ_B > θ_A) and expected losses, exact
        (closed form or quadrature, with its error estimate) or, with ``draws``, by
        seeded Monte Carlo."""
        b = self._same(other)
        d = 0 if draws is None else _count(draws)
        if draws is not None and d == 0:
            raise InvalidArgumentError("draws must be > 0")
        p, la, lb, m = _native.compare_arms(self._family, self._pair(), b, d, rng)
        return Comparison(p, la, lb, _method(m))

    def lift_quantile(self, other: Any, p: float) -> float:
        """A quantile of the lift θ_B/θ_A − 1 (B = ``other``)."""
        return _native.lift_quantile_arms(self._family, self._pair(), self._same(other), float(p))[0]

    def lift_interval(self, other: Any, level: Optional[float] = None) -> LiftInterval:
        """The equal-tailed interval of the lift θ_B/θ_A − 1 at ``level``."""
        lo, hi, m = _native.lift_interval_arms(self._family, self._pair(), self._same(other), _level(level))
        return LiftInterval(lo, hi, _method(m))

    def compare_summary(self, other: Any, level: Optional[float] = None) -> CompareSummary:
        """P(B > A), expected losses, the lift's median and interval, in one result."""
        c = self.compare(other)
        med, m1 = _native.lift_quantile_arms(self._family, self._pair(), self._same(other), 0.5)
        li = self.lift_interval(other, level)
        method = _merge(_merge(c.method, _method(m1)), li.method)
        return CompareSummary(
            c.prob_b_greater, c.expected_loss_a, c.expected_loss_b, med, Interval(li.lower, li.upper), method
        )


@dataclass(frozen=True)
class Beta(_RateArm):
    """Beta(α, β): the conjugate posterior of a success rate.

    >>> p = Beta(1, 1).update(successes=3, failures=7)
    >>> p
    Beta(alpha=4.0, beta=8.0)
    >>> round(p.mean(), 6), round(p.quantile(0.5), 6)
    (0.333333, 0.323804)
    """

    alpha: float
    beta: float
    _family = "beta"

    def __post_init__(self) -> None:
        object.__setattr__(self, "alpha", float(self.alpha))
        object.__setattr__(self, "beta", float(self.beta))
        self._check()

    def _params(self) -> list:
        return [self.alpha, self.beta]

    def _pair(self) -> Tuple[float, float]:
        return (self.alpha, self.beta)

    @staticmethod
    def uniform() -> "Beta":
        """Beta(1, 1), the uniform prior (as the JVM's ``Beta.uniform()``)."""
        return Beta(1, 1)

    def update(self, successes: float, failures: float) -> "Beta":
        """The posterior after ``successes`` and ``failures`` (weighted counts ≥ 0)."""
        return Beta(*_native.beta_update(self.alpha, self.beta, float(successes), float(failures)))

    def observe(self, outcomes: Sequence[bool]) -> "Beta":
        """The posterior after a sequence of boolean outcomes."""
        o = np.asarray(outcomes)
        if o.dtype != np.bool_:
            raise InvalidArgumentError(f"outcomes must be booleans, got dtype {o.dtype}")
        s = int(o.sum())
        return self.update(s, o.size - s)

    def ln_predictive(self, k: int, n: int) -> float:
        """ln P(k successes in n further trials) (Beta-binomial)."""
        return _native.beta_ln_predictive(self.alpha, self.beta, int(k), int(n))

    def ln_marginal(self, successes: float, failures: float) -> float:
        """ln evidence of a sequence with these counts under this prior."""
        return _native.beta_ln_marginal(self.alpha, self.beta, float(successes), float(failures))

    @staticmethod
    def prob_best(arms: Sequence["Beta"]) -> ProbBest:
        """P(each arm has the largest rate)."""
        return prob_best(arms)


@dataclass(frozen=True)
class Gamma(_RateArm):
    """Gamma(shape, rate): the conjugate posterior of a Poisson rate.

    >>> g = Gamma(1, 1).update(counts=[3, 5, 4], exposures=[1, 1, 1])
    >>> g, g.mean()
    (Gamma(shape=13.0, rate=4.0), 3.25)
    """

    shape: float
    rate: float
    _family = "gamma"

    def __post_init__(self) -> None:
        object.__setattr__(self, "shape", float(self.shape))
        object.__setattr__(self, "rate", float(self.rate))
        self._check()

    def _params(self) -> list:
        return [self.shape, self.rate]

    def _pair(self) -> Tuple[float, float]:
        return (self.shape, self.rate)

    def update(self, counts: Any, exposures: Any = None) -> "Gamma":
        """The posterior after counts (numbers or arrays) over exposures (default 1 each)."""
        c = f64_1d(counts, "counts")
        e = np.ones_like(c) if exposures is None else f64_1d(exposures, "exposures")
        return Gamma(*_native.gamma_update(self.shape, self.rate, c, e))

    def ln_predictive(self, k: int, exposure: float) -> float:
        """ln P(k events over ``exposure``) (negative binomial)."""
        return _native.gamma_ln_predictive(self.shape, self.rate, int(k), float(exposure))

    def ln_marginal(self, counts: Any, exposures: Any = None) -> float:
        """ln evidence of the counts over their exposures under this prior."""
        c = f64_1d(counts, "counts")
        e = np.ones_like(c) if exposures is None else f64_1d(exposures, "exposures")
        return _native.gamma_ln_marginal(self.shape, self.rate, c, e)

    @staticmethod
    def prob_best(arms: Sequence["Gamma"]) -> ProbBest:
        """P(each arm has the largest rate)."""
        return prob_best(arms)


@dataclass(frozen=True)
class Normal(_Univariate):
    """Normal(mu, sigma): the posterior of a mean with known noise, or a predictive.

    >>> round(Normal(0, 1).quantile(0.975), 6)
    1.959964
    """

    mu: float
    sigma: float
    _family = "normal"

    def __post_init__(self) -> None:
        object.__setattr__(self, "mu", float(self.mu))
        object.__setattr__(self, "sigma", float(self.sigma))
        self._check()

    def _params(self) -> list:
        return [self.mu, self.sigma]


@dataclass(frozen=True)
class StudentT(_Univariate):
    """Student-t(df, loc, scale): the marginal of a Normal-Gamma's mean, its predictive.

    >>> StudentT(1, 0, 1).mean() is None   # Cauchy: no mean
    True
    """

    df: float
    loc: float
    scale: float
    _family = "student_t"

    def __post_init__(self) -> None:
        for f in ("df", "loc", "scale"):
            object.__setattr__(self, f, float(getattr(self, f)))
        self._check()

    def _params(self) -> list:
        return [self.df, self.loc, self.scale]


@dataclass(frozen=True)
class NormalKnownVariance(_Univariate):
    """The mean of Normal data with known noise sd: posterior Normal(mean, sd).

    The distribution methods (mean, quantile, interval, sample...) are those of the
    mean's posterior.

    >>> p = NormalKnownVariance(0, 10, noise_sd=1).update([1.1, 0.9, 1.0])
    >>> round(p.mean(), 6), round(p.sd, 6)
    (0.996678, 0.57639)
    """

    mean_: float
    sd: float
    noise_sd: float
    _family = "normal"

    def __init__(self, mean: float, sd: float, noise_sd: float) -> None:
        object.__setattr__(self, "mean_", float(mean))
        object.__setattr__(self, "sd", float(sd))
        object.__setattr__(self, "noise_sd", float(noise_sd))
        _native.nkv_predictive(self.mean_, self.sd, self.noise_sd)  # checks the parameters

    def __repr__(self) -> str:
        return f"NormalKnownVariance(mean={self.mean_!r}, sd={self.sd!r}, noise_sd={self.noise_sd!r})"

    def _params(self) -> list:
        return [self.mean_, self.sd]

    def update(self, xs: Any) -> "NormalKnownVariance":
        """The posterior after observations ``xs``."""
        m, s = _native.nkv_update(self.mean_, self.sd, self.noise_sd, finite_1d(xs, "xs"))
        return NormalKnownVariance(m, s, self.noise_sd)

    def update_stats(self, n: float, xbar: float) -> "NormalKnownVariance":
        """The posterior after ``n`` observations with mean ``xbar``."""
        m, s = _native.nkv_update_stats(self.mean_, self.sd, self.noise_sd, float(n), float(xbar))
        return NormalKnownVariance(m, s, self.noise_sd)

    def predictive(self) -> Normal:
        """The predictive distribution of a new observation."""
        return Normal(*_native.nkv_predictive(self.mean_, self.sd, self.noise_sd))

    def ln_predictive(self, x: float) -> float:
        """ln density of a new observation x."""
        return float(self.predictive().logpdf(float(x)))

    def ln_marginal(self, xs: Any) -> float:
        """ln evidence of the observations under this prior."""
        return _native.nkv_ln_marginal(self.mean_, self.sd, self.noise_sd, finite_1d(xs, "xs"))


@dataclass(frozen=True)
class NormalGamma:
    """Normal data with unknown mean and precision: NormalGamma(m, κ, α, β).

    >>> p = NormalGamma(0, 1, 1, 1).update([4.9, 5.1, 5.3, 4.7])
    >>> t = p.mean_marginal()
    >>> round(t.loc, 4), round(t.df, 1)
    (4.0, 6.0)
    """

    m: float
    kappa: float
    alpha: float
    beta: float

    def __post_init__(self) -> None:
        for f in ("m", "kappa", "alpha", "beta"):
            object.__setattr__(self, f, float(getattr(self, f)))
        _native.ng_check(self._p())

    def _p(self) -> Tuple[float, float, float, float]:
        return (self.m, self.kappa, self.alpha, self.beta)

    def update(self, xs: Any) -> "NormalGamma":
        """The posterior after observations ``xs``."""
        return NormalGamma(*_native.ng_update(self._p(), finite_1d(xs, "xs")))

    def update_stats(self, n: float, mean: float, ss: float) -> "NormalGamma":
        """The posterior after ``n`` observations with this mean and sum of squared deviations."""
        return NormalGamma(*_native.ng_update_stats(self._p(), float(n), float(mean), float(ss)))

    def mean_marginal(self) -> StudentT:
        """The Student-t marginal of the mean."""
        return StudentT(*_native.ng_mean_marginal(self._p()))

    def precision(self) -> Gamma:
        """The Gamma marginal of the precision."""
        return Gamma(*_native.ng_precision(self._p()))

    def predictive(self) -> StudentT:
        """The Student-t predictive of a new observation."""
        return StudentT(*_native.ng_predictive(self._p()))

    def mean(self) -> Optional[float]:
        """The posterior mean of the mean."""
        return self.mean_marginal().mean()

    def quantile(self, p: Any) -> Any:
        """Quantiles of the mean's marginal."""
        return self.mean_marginal().quantile(p)

    def interval(self, level: Optional[float] = None) -> Interval:
        """The equal-tailed interval of the mean."""
        return self.mean_marginal().interval(level)

    def ln_predictive(self, x: float) -> float:
        """ln density of a new observation x."""
        return float(self.predictive().logpdf(float(x)))

    def ln_marginal(self, xs: Any) -> float:
        """ln evidence of the observations under this prior."""
        return _native.ng_ln_marginal(self._p(), finite_1d(xs, "xs"))

    def sample(self, n: int, rng: RngLike = 0) -> Tuple[np.ndarray, np.ndarray]:
        """``n`` joint draws of (mean μ, variance σ²) (σ² = 1/precision)."""
        return _native.ng_sample(self._p(), _count(n), rng)


@dataclass(frozen=True, eq=False)
class Dirichlet:
    """Dirichlet(α): the conjugate posterior of category probabilities.

    >>> d = Dirichlet([1, 1, 1]).update([10, 5, 0])
    >>> d.alpha.tolist(), d.mean().round(4).tolist()
    ([11.0, 6.0, 1.0], [0.6111, 0.3333, 0.0556])
    """

    alpha: np.ndarray

    def __post_init__(self) -> None:
        a = f64_1d(self.alpha, "alpha").copy()
        a.setflags(write=False)
        object.__setattr__(self, "alpha", a)
        _native.dirichlet_check(a)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dirichlet) and np.array_equal(self.alpha, other.alpha)

    def __hash__(self) -> int:
        return hash(self.alpha.tobytes())

    @property
    def categories(self) -> int:
        return int(self.alpha.shape[0])

    def update(self, counts: Any) -> "Dirichlet":
        """The posterior after category counts (K values ≥ 0)."""
        return Dirichlet(_native.dirichlet_update(self.alpha, f64_1d(counts, "counts")))

    def mean(self) -> np.ndarray:
        return _native.dirichlet_moments(self.alpha)[0]

    def variance(self) -> np.ndarray:
        return _native.dirichlet_moments(self.alpha)[1]

    def mode(self) -> Optional[np.ndarray]:
        """The mode (None unless every α > 1)."""
        return _native.dirichlet_moments(self.alpha)[2]

    def quantile(self, k: int, p: float) -> float:
        """A quantile of category k's marginal Beta."""
        return _native.dirichlet_quantile(self.alpha, int(k), float(p))

    def interval(self, k: int, level: Optional[float] = None) -> Interval:
        """The equal-tailed interval of category k's probability."""
        return Interval(*_native.dirichlet_interval(self.alpha, int(k), _level(level)))

    def ln_predictive(self, counts: Any) -> float:
        """ln P(these further category counts) (Dirichlet-multinomial)."""
        return _native.dirichlet_ln_predictive(self.alpha, f64_1d(counts, "counts"))

    def ln_marginal(self, counts: Any) -> float:
        """ln evidence of a sequence with these category counts."""
        return _native.dirichlet_ln_marginal(self.alpha, f64_1d(counts, "counts"))

    def sample(self, n: int, rng: RngLike = 0) -> np.ndarray:
        """``n`` draws (n × K)."""
        return _native.dirichlet_sample(self.alpha, _count(n), rng)


def compare(a: Union[Beta, Gamma], b: Union[Beta, Gamma], draws: Optional[int] = None, rng: RngLike = 0) -> Comparison:
    """B against A (see :meth:`Beta.compare`)."""
    if not isinstance(a, _RateArm):
        raise InvalidArgumentError(f"comparisons take Beta or Gamma arms, got {type(a).__name__}")
    return a.compare(b, draws, rng)


def prob_best(arms: Sequence[Union[Beta, Gamma]]) -> ProbBest:
    """P(each arm has the largest value), for Beta or Gamma arms of one family.

    >>> pb = prob_best([Beta(21, 981), Beta(31, 971), Beta(26, 976)])
    >>> pb.probabilities.round(3).tolist(), round(float(pb.probabilities.sum()), 12)
    ([0.047, 0.719, 0.234], 1.0)
    """
    arms = list(arms)
    if not arms:
        raise InvalidArgumentError("prob_best needs at least one arm")
    t = type(arms[0])
    if t not in (Beta, Gamma) or any(type(x) is not t for x in arms):
        raise InvalidArgumentError("prob_best takes arms of one family, Beta or Gamma")
    p, m = _native.prob_best_arms(t._family, [x._pair() for x in arms])
    return ProbBest(p, _method(m))


class Hypotheses:
    """Bayes' rule over finitely many hypotheses (mutable: ``update`` changes it).

    >>> h = Hypotheses([0.5, 0.5])            # fair coin or 80% heads
    >>> h.update([0.5**3, 0.8**3])            # three heads
    >>> h.posterior().round(4).tolist(), h.map()
    ([0.1962, 0.8038], 1)
    """

    def __init__(self, prior: Any = None, *, ln_weights: Any = None) -> None:
        if (prior is None) == (ln_weights is None):
            raise InvalidArgumentError("give exactly one of prior and ln_weights")
        if prior is not None:
            self._h = _native.Hypotheses.from_probabilities(f64_1d(prior, "prior"))
        else:
            self._h = _native.Hypotheses.from_log_weights(f64_1d(ln_weights, "ln_weights"))

    def update(self, likelihood: Any) -> None:
        """Multiplies in P(data | hypothesis) (one value ≥ 0 per hypothesis)."""
        self._h.update_likelihood(f64_1d(likelihood, "likelihood"))

    def update_log(self, ln_likelihood: Any) -> None:
        """Adds ln P(data | hypothesis)."""
        self._h.update_log_likelihood(f64_1d(ln_likelihood, "ln_likelihood"))

    def posterior(self) -> np.ndarray:
        return self._h.posterior()

    def ln_posterior(self) -> np.ndarray:
        return self._h.ln_posterior()

    def map(self) -> int:
        """The index of the most probable hypothesis."""
        return self._h.map()

    def ln_evidence(self) -> float:
        """ln P(all data so far)."""
        return self._h.ln_evidence()

    def __len__(self) -> int:
        return len(self._h)
