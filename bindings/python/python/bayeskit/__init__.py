"""bayeskit: Bayesian inference over the Rust core.

- Posterior updating: :class:`Beta`, :class:`Gamma`, :class:`NormalKnownVariance`,
  :class:`NormalGamma`, :class:`Dirichlet`, comparisons of arms (:func:`compare`,
  :func:`prob_best`) and Bayes' rule over hypotheses (:class:`Hypotheses`).
- Dirichlet–multinomial prior fitting: :class:`DirichletMultinomial`,
  :class:`DmStats`, :class:`Prior`.
- Priors fitted from past experiments: :func:`fit_beta_prior`, :func:`fit_gamma_prior`.
- Peek-safe A/B decisions: :func:`bayes_factor`, :class:`AlwaysValid` (mSPRT),
  :func:`simulate_ab`.
- Thompson-sampling bandits: :class:`Bandit`, :func:`simulate_bandit`.
- Sparse multinomial logistic regression (scikit-learn estimators; needs scipy
  and scikit-learn): :class:`LogisticRegression`, :class:`LogisticRegressionCV`.
- Pictures (needs matplotlib, ``pip install bayeskit[plot]``): :mod:`bayeskit.plot`.

>>> import bayeskit
>>> bayeskit.defaults()["level"]
0.95
"""

from __future__ import annotations

from typing import Any, Dict

from . import _native
from ._errors import (
    BayeskitError,
    BayeskitIOError,
    CorruptDataError,
    InvalidArgumentError,
    NoConvergenceError,
    OutOfMemoryError,
    ParseError,
)
from .prior_fit import BetaPriorFit, GammaPriorFit, fit_beta_prior, fit_gamma_prior
from .sequential import AlwaysValid, Look, RuleReport, SimulationReport, bayes_factor, simulate_ab
from .bandit import Bandit, BanditReport, BanditSimulation, simulate_bandit
from .dirichlet import DirichletMultinomial, DmFit, DmStats, Prior, ReadReport
from .posterior import (
    DEFAULT_LEVEL,
    Beta,
    CompareSummary,
    Comparison,
    Dirichlet,
    Gamma,
    Hypotheses,
    Interval,
    LiftInterval,
    Method,
    Normal,
    NormalGamma,
    NormalKnownVariance,
    ProbBest,
    Rng,
    StudentT,
    compare,
    prob_best,
)

__version__: str = _native.version()


def defaults() -> Dict[str, Any]:
    """Every default of the Rust core by name (the package restates none)."""
    return dict(_native.defaults())


_LAZY = {"LogisticRegression", "LogisticRegressionCV", "Uncertainty", "Model"}


def __getattr__(name: str) -> Any:
    # The estimators need scipy and scikit-learn; import them only when asked for.
    if name in _LAZY:
        from . import logistic

        return getattr(logistic, name)
    raise AttributeError(f"module 'bayeskit' has no attribute {name!r}")


__all__ = [
    "BayeskitError",
    "BayeskitIOError",
    "CorruptDataError",
    "InvalidArgumentError",
    "NoConvergenceError",
    "OutOfMemoryError",
    "ParseError",
    "DirichletMultinomial",
    "DmFit",
    "DmStats",
    "Prior",
    "ReadReport",
    "DEFAULT_LEVEL",
    "Beta",
    "CompareSummary",
    "Comparison",
    "Dirichlet",
    "Gamma",
    "Hypotheses",
    "Interval",
    "LiftInterval",
    "Method",
    "Normal",
    "NormalGamma",
    "NormalKnownVariance",
    "ProbBest",
    "Rng",
    "StudentT",
    "compare",
    "prob_best",
    "defaults",
    "BetaPriorFit",
    "GammaPriorFit",
    "fit_beta_prior",
    "fit_gamma_prior",
    "AlwaysValid",
    "Look",
    "RuleReport",
    "SimulationReport",
    "bayes_factor",
    "simulate_ab",
    "Bandit",
    "BanditReport",
    "BanditSimulation",
    "simulate_bandit",
    "LogisticRegression",
    "LogisticRegressionCV",
    "Uncertainty",
    "Model",
]
