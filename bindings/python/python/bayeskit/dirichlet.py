"""Dirichlet–multinomial prior fitting, and the fitted prior applied to rows.

Fit α from a 2-D array of counts (rows × categories, any integer dtype), from a
count file, or from statistics merged across machines; shrink and rank rows.

>>> import numpy as np, bayeskit as bk
>>> counts = np.array([[0, 5], [5, 0], [1, 4], [4, 1], [2, 3], [3, 2], [5, 0], [0, 5]])
>>> fit = bk.DirichletMultinomial.fit(counts)
>>> fit.outcome, fit.converged, bool(fit.alpha_sum < 5)
('converged', True, True)
>>> prior = fit.prior()
>>> prior.shrink([[0, 3]]).shape
(1, 2)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple, Union

import numpy as np

from . import _native
from ._errors import InvalidArgumentError, NoConvergenceError
from ._validation import counts_2d, f64_1d, weights_1d

__all__ = ["DmStats", "DmFit", "ReadReport", "DirichletMultinomial", "Prior"]

_D = _native.defaults()


class DmStats:
    """Compressed count statistics: add rows, merge, serialise (``to_bytes``, pickle).

    The bytes are the C API's and the JVM's statistics format, so statistics built
    anywhere can be merged anywhere.

    >>> import pickle
    >>> s = DmStats(3).add([[1, 2, 3], [0, 0, 4]])
    >>> t = pickle.loads(pickle.dumps(s))
    >>> t.rows, t.categories, t.to_bytes() == s.to_bytes()
    (2, 3, True)
    """

    def __init__(self, categories: int) -> None:
        self._s = _native.DmStats(int(categories))

    @classmethod
    def _wrap(cls, native: Any) -> "DmStats":
        s = cls.__new__(cls)
        s._s = native
        return s

    def add(self, counts: Any, weights: Any = None) -> "DmStats":
        """Adds rows (n × K, any integer dtype; copied to uint64 if needed) with optional
        row weights; all or nothing. Returns self."""
        c = counts_2d(counts)
        w = weights_1d(weights, c.shape[0])
        self._s.add_rows(c, w)
        return self

    def merge(self, other: "DmStats") -> "DmStats":
        """Adds ``other``'s rows into these statistics. Returns self."""
        if not isinstance(other, DmStats):
            raise InvalidArgumentError(f"merge takes DmStats, got {type(other).__name__}")
        self._s.merge(other._s)
        return self

    def to_bytes(self) -> bytes:
        return self._s.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "DmStats":
        """Statistics from their bytes (checked: CRC, sizes)."""
        return cls._wrap(_native.DmStats.from_bytes(bytes(data)))

    def __reduce__(self) -> Tuple[Any, Tuple[bytes]]:
        return (DmStats.from_bytes, (self.to_bytes(),))

    @property
    def categories(self) -> int:
        return self._s.categories

    @property
    def rows(self) -> int:
        return self._s.rows

    @property
    def total_weight(self) -> float:
        return self._s.total_weight

    def __repr__(self) -> str:
        return f"DmStats(categories={self.categories}, rows={self.rows})"


class ReadReport:
    """What reading a count file did besides the statistics."""

    def __init__(self, d: Dict[str, Any]) -> None:
        self.rows: int = d["rows"]
        self.skipped: int = d["skipped"]
        self.first_skipped: Optional[str] = d["first_skipped"]
        self.sampled_out: int = d["sampled_out"]
        self.thinned: int = d["thinned"]

    def __repr__(self) -> str:
        return f"ReadReport(rows={self.rows}, skipped={self.skipped}, sampled_out={self.sampled_out}, thinned={self.thinned})"


@dataclass(frozen=True, eq=False)
class DmFit:
    """A fitted Dirichlet–multinomial. Read ``outcome`` before using α: only
    "converged" is a finite maximum ("no_overdispersion", "not_identifiable" and
    "not_converged" are reported, never raised, as in the core)."""

    outcome: str
    alpha: np.ndarray
    alpha_sum: float
    mean: np.ndarray
    theta: float
    loglik: float
    loglik_multinomial: float
    lr_stat: float
    lr_pvalue: float
    aic: float
    bic: float
    iterations: int
    grad_norm: float
    std_errors: np.ndarray
    dropped: Tuple[int, ...]
    weight: float
    read_report: Optional[ReadReport] = None

    @property
    def converged(self) -> bool:
        return self.outcome == "converged"

    def prior(self) -> "Prior":
        """The fitted α as a :class:`Prior`; raises unless the fit converged."""
        if not self.converged:
            raise NoConvergenceError(f"the fit ended {self.outcome!r}: its alpha is not a usable prior")
        return Prior(self.alpha)


def _fit_result(d: Dict[str, Any], report: Optional[ReadReport] = None) -> DmFit:
    for k in ("alpha", "mean", "std_errors"):
        d[k].setflags(write=False)
    d["dropped"] = tuple(d["dropped"])
    return DmFit(read_report=report, **d)


def _opt(v: Any, key: str) -> Any:
    return _D[key] if v is None else v


class DirichletMultinomial:
    """Maximum-likelihood (or MAP, with ``hyperprior``) Dirichlet–multinomial fits.

    Options left as None take the core's defaults (``bayeskit.defaults()``).
    Fitting releases the GIL.
    """

    @staticmethod
    def fit(
        counts: Any,
        weights: Any = None,
        *,
        max_iter: Optional[int] = None,
        tol: Optional[float] = None,
        hyperprior: Optional[float] = None,
        drop_empty: Optional[bool] = None,
    ) -> DmFit:
        """Fits α to rows of counts (n × K, any integer dtype; floats, booleans and
        negative counts are rejected; non-contiguous or non-uint64 arrays are copied).

        >>> f = DirichletMultinomial.fit([[3, 1], [0, 4], [2, 2], [4, 0]])
        >>> f.outcome, f.alpha.shape
        ('converged', (2,))
        """
        c = counts_2d(counts)
        s = DmStats(c.shape[1]).add(c, weights)
        return DirichletMultinomial.fit_stats(
            s, max_iter=max_iter, tol=tol, hyperprior=hyperprior, drop_empty=drop_empty
        )

    @staticmethod
    def stats(counts: Any, weights: Any = None) -> DmStats:
        """The statistics of rows of counts (to merge or serialise before fitting)."""
        c = counts_2d(counts)
        return DmStats(c.shape[1]).add(c, weights)

    @staticmethod
    def fit_stats(
        stats: DmStats,
        *,
        max_iter: Optional[int] = None,
        tol: Optional[float] = None,
        hyperprior: Optional[float] = None,
        drop_empty: Optional[bool] = None,
        _report: Optional[ReadReport] = None,
    ) -> DmFit:
        """Fits α to (possibly merged) statistics."""
        if not isinstance(stats, DmStats):
            raise InvalidArgumentError(f"stats must be DmStats, got {type(stats).__name__}")
        d = _native.dm_fit(
            stats._s,
            int(_opt(max_iter, "dm_max_iter")),
            float(_opt(tol, "dm_tol")),
            float(_opt(hyperprior, "dm_hyperprior")),
            bool(_opt(drop_empty, "dm_drop_empty")),
        )
        return _fit_result(d, _report)

    @staticmethod
    def read(
        path: Union[str, os.PathLike],
        *,
        delimiter: Optional[str] = None,
        header: bool = False,
        id_column: bool = False,
        weight_column: Optional[int] = None,
        skip_bad: bool = False,
        threads: Optional[int] = None,
        sample_rate: Optional[float] = None,
        max_total: Optional[int] = None,
        seed: Optional[int] = None,
    ) -> Tuple[DmStats, ReadReport]:
        """Reads a count file (delimited text, as the CLI's ``dirichlet fit``) into
        statistics. The GIL is released while reading."""
        s, r = _native.dm_read(
            os.fspath(path),
            delimiter,
            bool(header),
            bool(id_column),
            weight_column,
            bool(skip_bad),
            int(_opt(threads, "dm_read_threads")),
            float(_opt(sample_rate, "dm_sample_rate")),
            max_total,
            int(_opt(seed, "dm_filter_seed")),
        )
        return DmStats._wrap(s), ReadReport(r)

    @staticmethod
    def fit_file(path: Union[str, os.PathLike], **options: Any) -> DmFit:
        """Reads a count file and fits it; ``options`` are those of :meth:`read`
        and of :meth:`fit`. The result carries ``read_report``."""
        fit_keys = {"max_iter", "tol", "hyperprior", "drop_empty"}
        fit_opts = {k: v for k, v in options.items() if k in fit_keys}
        read_opts = {k: v for k, v in options.items() if k not in fit_keys}
        s, r = DirichletMultinomial.read(path, **read_opts)
        return DirichletMultinomial.fit_stats(s, _report=r, **fit_opts)


class Prior:
    """A Dirichlet prior α applied to rows of counts: shrinkage and ranking.

    >>> p = Prior([2.0, 8.0])                 # mean positive rate 0.8, A = 10
    >>> rows = [[0, 3], [300, 2700]]          # 3 of 3 positive; 2,700 of 3,000
    >>> p.shrink(rows)[:, 1].round(4).tolist()
    [0.8462, 0.8997]
    >>> p.rank(rows, k=1, level=0.9).tolist()  # the well-evidenced row first
    [1, 0]
    """

    def __init__(self, alpha: Any) -> None:
        a = f64_1d(alpha, "alpha").copy()
        a.setflags(write=False)
        self.alpha = a
        _native.prior_shrink(a, np.zeros((0, a.shape[0]), dtype=np.uint64))  # checks α

    def shrink(self, counts: Any) -> np.ndarray:
        """Each row's posterior mean (α + x)/(A + n), n × K."""
        return _native.prior_shrink(self.alpha, counts_2d(counts))

    def score(self, counts: Any, k: int, level: Optional[float] = None) -> np.ndarray:
        """Each row's ranking score for category k: the posterior mean, or with
        ``level`` the lower end of the equal-tailed interval (evidence counts)."""
        return _native.prior_score(self.alpha, counts_2d(counts), int(k), None if level is None else float(level))

    def rank(self, counts: Any, k: int, level: Optional[float] = None) -> np.ndarray:
        """Row indices, best first, by :meth:`score` (stable for ties)."""
        s = self.score(counts, k, level)
        return np.argsort(-s, kind="stable")

    def interval(self, counts: Any, k: int, level: Optional[float] = None) -> Tuple[np.ndarray, np.ndarray]:
        """Each row's equal-tailed interval of category k: (lower, upper)."""
        lvl = _D["level"] if level is None else float(level)
        return _native.prior_interval(self.alpha, counts_2d(counts), int(k), lvl)

    def __repr__(self) -> str:
        return f"Prior(alpha={self.alpha.tolist()!r})"
