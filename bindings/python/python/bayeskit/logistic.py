"""Sparse multinomial logistic regression with an elastic-net penalty, as
scikit-learn estimators (``fit``/``predict_proba``/``get_params``...), over the
Rust core: the same training, the same model file and the same probabilities as
the CLI, the C API and the C++/JVM bindings.

>>> import numpy as np, bayeskit as bk
>>> X = np.array([[1, 0], [0, 1], [1, 0], [0, 1], [1, 1], [0, 0]], dtype=float)
>>> y = np.array(["pos", "neg", "pos", "neg", "pos", "neg"])
>>> clf = bk.LogisticRegression(C=10.0).fit(X, y)
>>> clf.classes_.tolist(), clf.predict([[1, 0], [0, 1]]).tolist()
(['neg', 'pos'], ['pos', 'neg'])
>>> clf.coef_.shape, clf.intercept_.shape    # scikit-learn's binary shapes
((1, 2), (1,))
"""

from __future__ import annotations

import os
from typing import Any, NamedTuple, Optional, Tuple, Union

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from . import _native
from ._errors import InvalidArgumentError, NoConvergenceError

try:  # scikit-learn >= 1.6
    from sklearn.utils.validation import validate_data as _validate_data
except ImportError:  # pragma: no cover - older scikit-learn

    def _validate_data(est: Any, *args: Any, **kw: Any) -> Any:
        kw.pop("ensure_all_finite", None)
        return est._validate_data(*args, **kw)


__all__ = ["LogisticRegression", "LogisticRegressionCV", "Uncertainty", "Model"]

_D = _native.defaults()
Model = _native.Model


class Uncertainty(NamedTuple):
    """``predict_uncertainty``'s result. Moderated: ``proba`` and the logits' standard
    deviations ``logit_sd``; Monte Carlo: the mean ``proba`` and each class's interval
    ``lower``/``upper`` (the other fields are None)."""

    proba: np.ndarray
    logit_sd: Optional[np.ndarray]
    lower: Optional[np.ndarray]
    upper: Optional[np.ndarray]


def _csr(X: Any) -> Tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """(indptr as uintp, indices as uint32, data as float64, rows, cols) of a validated
    2-D array or sparse matrix, in canonical CSR form (the input is never modified)."""
    if sp.issparse(X):
        X = X.tocsr()
        if not X.has_canonical_format:
            X = X.copy()
            X.sum_duplicates()
    else:
        # Dense: the non-zeros in row-major order (what scipy's conversion gives,
        # without its per-call overhead, which dominates for a single wide row).
        X = np.asarray(X)
        n, p = X.shape
        rows, cols = np.nonzero(X)
        indptr = np.zeros(n + 1, dtype=np.uintp)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        return indptr, cols.astype(np.uint32), np.ascontiguousarray(X[rows, cols], dtype=np.float64), n, p
    n, p = X.shape
    # Valid CSR indices are >= 0, so int32 ones are viewed as uint32 (no copy); a
    # wider index type is copied. indptr (rows + 1 values) is converted to uintp.
    idx = X.indices
    idx = idx.view(np.uint32) if idx.dtype == np.int32 else np.ascontiguousarray(idx, dtype=np.uint32)
    indptr = X.indptr
    indptr = indptr.view(np.uintp) if indptr.dtype == np.intp else np.ascontiguousarray(indptr, dtype=np.uintp)
    return (
        np.ascontiguousarray(indptr),
        np.ascontiguousarray(idx),
        np.ascontiguousarray(X.data, dtype=np.float64),
        n,
        p,
    )


def _threads(n_jobs: Optional[int]) -> int:
    if n_jobs is None:
        return int(_D["threads"])
    if n_jobs < 0:
        return max(1, min(256, (os.cpu_count() or 1) + 1 + n_jobs))
    if n_jobs == 0:
        raise InvalidArgumentError("n_jobs must not be 0")
    return int(n_jobs)


def _penalty(C: Optional[float], l1_ratio: Optional[float], k: int, weight_sum: float) -> Tuple[float, float]:
    """The core's (λ, ρ) for scikit-learn's (C, l1_ratio) on K classes."""
    rho_sk = float(_D["l1_ratio"] if l1_ratio is None else l1_ratio)
    if not 0.0 <= rho_sk <= 1.0:
        raise InvalidArgumentError(f"l1_ratio must be in [0, 1], got {rho_sk}")
    if C is None:
        lam_sk = float(_D["lambda"])
    else:
        C = float(C)
        if not (np.isfinite(C) and C > 0):
            raise InvalidArgumentError(f"C must be finite and > 0, got {C}")
        lam_sk = 1.0 / (C * weight_sum)
    if k == 2:
        # scikit-learn penalises the one vector w = W_1 - W_0; the symmetric optimum
        # W = [-w/2, w/2] gives the same penalty with these (tests/reference/generate_logistic.py).
        return lam_sk * (2.0 - rho_sk), rho_sk / (2.0 - rho_sk)
    return lam_sk, rho_sk


class _Scoring:
    """Prediction from a fitted native model (shared by both estimators)."""

    model_: Any
    classes_: np.ndarray
    n_features_in_: int

    def _data(self, X: Any, y: Any, sample_weight: Any) -> Tuple[Any, ...]:
        """Validated training data: classes, label indices, CSR parts, weights, their sum."""
        X, y = _validate_data(
            self, X, y, accept_sparse=("csr", "csc"), dtype=np.float64, ensure_all_finite=True, reset=True
        )
        check_classification_targets(y)
        classes, yi = np.unique(y, return_inverse=True)
        if classes.shape[0] < 2:
            raise ValueError(f"needs samples of at least 2 classes in the data, got 1 class: {classes[0]!r}")
        indptr, indices, data, n, p = _csr(X)
        w = None
        if sample_weight is not None:
            w = np.ascontiguousarray(np.asarray(sample_weight, dtype=np.float64).reshape(-1))
            if w.shape[0] != n:
                raise ValueError(f"sample_weight has {w.shape[0]} values for {n} rows")
            if not np.all(np.isfinite(w)) or np.any(w < 0):
                raise ValueError("sample_weight must be finite and >= 0")
        wsum = float(n if w is None else w.sum())
        if not wsum > 0:
            raise ValueError("sample_weight must not be all zero")
        return classes, yi.astype(np.uint32).reshape(-1), indptr, indices, data, p, w, wsum

    def _X(self, X: Any) -> Tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        check_is_fitted(self, "model_")
        X = _validate_data(
            self, X, accept_sparse=("csr", "csc"), dtype=np.float64, reset=False, ensure_all_finite=True
        )
        indptr, indices, data, n, _ = _csr(X)
        return indptr, indices, data, n

    def predict_proba(
        self,
        X: Any,
        uncertainty: Optional[str] = None,
        *,
        draws: Optional[int] = None,
        level: Optional[float] = None,
        random_state: Union[int, _native.Rng, None] = None,
    ) -> np.ndarray:
        """Class probabilities (n × K, columns in ``classes_`` order). With
        ``uncertainty="moderated"`` the logits are scaled by their Laplace variances
        (MacKay); with ``"mc"`` the mean of ``draws`` Monte Carlo draws of the logits
        per row (seeded by ``random_state``, default 0, as the CLI's ``--seed``). Both
        need a model with covariances (``laplace`` not "none"). Batch scoring releases
        the GIL."""
        if uncertainty is None:
            indptr, indices, data, _ = self._X(X)
            return self.model_.predict_batch("proba", indptr, indices, data)
        return self.predict_uncertainty(X, uncertainty, draws=draws, level=level, random_state=random_state).proba

    def predict_uncertainty(
        self,
        X: Any,
        method: str = "moderated",
        *,
        draws: Optional[int] = None,
        level: Optional[float] = None,
        random_state: Union[int, _native.Rng, None] = None,
    ) -> Uncertainty:
        """Probabilities that account for the weights' uncertainty, with their spread
        (see :class:`Uncertainty`)."""
        indptr, indices, data, _ = self._X(X)
        if self.model_.covariance_method is None:
            raise InvalidArgumentError("the model has no covariances: fit with laplace='blocks' or 'full'")
        if method == "moderated":
            p, var = self.model_.predict_moderated_batch(indptr, indices, data)
            return Uncertainty(p, np.sqrt(var), None, None)
        if method == "mc":
            d = int(_D["mc_draws"] if draws is None else draws)
            lv = float(_D["mc_level"] if level is None else level)
            rng = 0 if random_state is None else random_state
            mean, lo, hi = self.model_.predict_mc_batch(indptr, indices, data, d, lv, rng)
            return Uncertainty(mean, None, lo, hi)
        raise InvalidArgumentError(f"uncertainty must be 'moderated' or 'mc', got {method!r}")

    def predict_log_proba(self, X: Any) -> np.ndarray:
        """ln probabilities, from the logits (no underflow to -inf)."""
        indptr, indices, data, _ = self._X(X)
        return self.model_.predict_batch("log_proba", indptr, indices, data)

    def decision_function(self, X: Any) -> np.ndarray:
        """Logits (n × K); for two classes, as scikit-learn, z_1 − z_0 (n,)."""
        indptr, indices, data, _ = self._X(X)
        z = self.model_.predict_batch("logits", indptr, indices, data)
        return z[:, 1] - z[:, 0] if z.shape[1] == 2 else z

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class of each row."""
        p = self.predict_proba(X)
        return self.classes_[np.argmax(p, axis=1)]

    def _weights(self) -> Tuple[np.ndarray, np.ndarray]:
        """Dense W (features × K) and b (K)."""
        check_is_fitted(self, "model_")
        m = self.model_
        ids, w = m.stored()
        k = len(self.classes_)
        if m.n_features > 50_000_000:
            raise InvalidArgumentError(f"{m.n_features} features are too many for a dense coef_")
        W = np.zeros((m.n_features, k))
        W[ids.astype(np.intp)] = w
        return W, m.intercepts

    @property
    def coef_(self) -> np.ndarray:
        """Weights in scikit-learn's shapes: (K, features), or (1, features) with
        W_1 − W_0 for two classes."""
        W, _ = self._weights()
        return (W[:, 1] - W[:, 0])[None, :] if W.shape[1] == 2 else W.T.copy()

    @property
    def intercept_(self) -> np.ndarray:
        """Intercepts: (K,), or (1,) with b_1 − b_0 for two classes."""
        _, b = self._weights()
        return np.array([b[1] - b[0]]) if b.shape[0] == 2 else b

    def covariance(self, feature: int) -> Optional[np.ndarray]:
        """Feature j's K × K Laplace covariance of its weights (None without covariances)."""
        check_is_fitted(self, "model_")
        return self.model_.covariance_of(int(feature))

    def intercept_covariance(self) -> Optional[np.ndarray]:
        check_is_fitted(self, "model_")
        return self.model_.intercept_covariance()

    @property
    def info_(self) -> dict:
        """Training metadata: lambda, l1_ratio (the core's), objective, iterations,
        converged, grad_norm, tol, rows."""
        check_is_fitted(self, "model_")
        return self.model_.info

    def save(self, path: Union[str, os.PathLike]) -> None:
        """Writes the model file: the same bytes the CLI and every binding write for
        this model (labels are stored as text: ``str(c)`` of each class)."""
        check_is_fitted(self, "model_")
        with open(path, "wb") as f:
            f.write(self.model_.to_bytes())

    def _adopt(self, model: Any) -> None:
        self.model_ = model
        self.classes_ = np.array(model.labels)
        self.n_features_in_ = model.n_features
        self.n_iter_ = np.array([model.info["iterations"]])


class LogisticRegression(_Scoring, ClassifierMixin, BaseEstimator):
    """Sparse multinomial logistic regression with an elastic-net penalty.

    Parameters mean what they mean in scikit-learn's ``LogisticRegression``:

    - ``C``: inverse penalty strength; the core's λ = 1/(C·N) (N the rows, or
      1/(C·Σw) with sample weights), so the objective is scikit-learn's divided by
      C·N. ``None`` puts the core's default λ in place of 1/(C·N), whatever N is
      (for two classes it is then mapped as below, like any other value).
    - ``l1_ratio``: the elastic-net mix (1 lasso, 0 ridge); ``None`` is the core's
      default. For two classes the penalty is, as in scikit-learn, on the one vector
      w = W_1 − W_0 (the core's symmetric λ, ρ are derived from it; see ``info_``).
    - ``tol``: stop when the ∞-norm of the minimum-norm subgradient is ≤ tol.
    - ``max_gap``: also stop once the relative duality gap, an upper bound on the
      fit's relative suboptimality (F − F*)/F, is ≤ max_gap (``None``: off). Unlike
      ``tol`` it means the same at every scale of the data.
    - ``max_iter``: most proximal Newton iterations. A fit that does not converge
      raises :class:`bayeskit.NoConvergenceError` (never a silent answer).
    - ``laplace``: Laplace covariances stored with the model, "blocks", "full" or
      "none" (for ``predict_proba(X, uncertainty=...)``).
    - ``n_jobs``: threads of the gradient pass (the result does not depend on it).

    Every ``None`` takes the core's default (``bayeskit.defaults()``): no default is
    restated here. ``X`` is a dense array or a scipy.sparse matrix (CSR is used as is
    when canonical, anything else is converted: copied); labels ``y`` may be of any
    type (``classes_`` is ``np.unique(y)``). Training and batch scoring release the GIL.

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 3)); y = (X[:, 0] + 0.5 * rng.normal(size=200) > 0).astype(int)
    >>> clf = LogisticRegression(C=1.0, l1_ratio=0.5).fit(X, y)
    >>> clf.info_["converged"], clf.predict_proba(X[:2]).shape
    (True, (2, 2))
    """

    def __init__(
        self,
        C: Optional[float] = None,
        l1_ratio: Optional[float] = None,
        tol: Optional[float] = None,
        max_iter: Optional[int] = None,
        laplace: Optional[str] = None,
        n_jobs: Optional[int] = None,
        max_gap: Optional[float] = None,
    ) -> None:
        self.C = C
        self.l1_ratio = l1_ratio
        self.tol = tol
        self.max_gap = max_gap
        self.max_iter = max_iter
        self.laplace = laplace
        self.n_jobs = n_jobs

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> "LogisticRegression":
        """Trains on X (n × features) and labels y."""
        classes, yi, indptr, indices, data, p, w, wsum = self._data(X, y, sample_weight)
        lam, rho = _penalty(self.C, self.l1_ratio, classes.shape[0], wsum)
        model = _native.train_csr(
            indptr,
            indices,
            data,
            p,
            yi,
            w,
            [str(c) for c in classes],
            lam,
            rho,
            float(_D["tol"] if self.tol is None else self.tol),
            None if self.max_gap is None else float(self.max_gap),
            int(_D["max_iter"] if self.max_iter is None else self.max_iter),
            _D["laplace"] if self.laplace is None else str(self.laplace),
            _threads(self.n_jobs),
        )
        if not model.info["converged"]:
            raise NoConvergenceError(
                f"training did not converge in {model.info['iterations']} iterations "
                f"(subgradient norm {model.info['grad_norm']:.3g} > tol {model.info['tol']:.3g}); raise max_iter"
            )
        self.model_ = model
        self.classes_ = classes
        self.n_features_in_ = p
        self.n_iter_ = np.array([model.info["iterations"]])
        return self

    @classmethod
    def load(cls, path: Union[str, os.PathLike]) -> "LogisticRegression":
        """A fitted estimator from a model file written by any binding or the CLI.
        ``classes_`` are the file's labels (strings)."""
        with open(path, "rb") as f:
            return cls.from_bytes(f.read())

    @classmethod
    def from_bytes(cls, data: bytes) -> "LogisticRegression":
        est = cls()
        est._adopt(_native.Model.from_bytes(bytes(data)))
        return est

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags


class LogisticRegressionCV(_Scoring, ClassifierMixin, BaseEstimator):
    """k-fold cross-validation over the core's regularisation path (stratified folds,
    warm starts from λ_max down a geometric grid), refitted on all rows at the chosen λ.

    ``choice`` is "min" (the smallest mean held-out log-loss: ``lambda_min_``) or
    "1se" (the largest λ within one standard error: ``lambda_1se_``). λ is the core's
    (the objective divided by its row weight, see :class:`LogisticRegression`);
    ``l1_ratio`` is scikit-learn's as there. ``lambdas`` gives explicit values
    (strictly decreasing) instead of the grid of ``n_lambdas`` values down to
    ``min_ratio``·λ_max. ``tol``, ``max_gap``, ``max_iter``, ``laplace`` and ``n_jobs``
    are :class:`LogisticRegression`'s, for every fit. Every ``None`` is the core's
    default. Fitting releases the GIL.

    Fitted: ``lambdas_``, ``cv_mean_``, ``cv_se_``, ``nnz_``, ``gap_`` (per λ; the gap is
    the relative duality gap, an upper bound on each fit's relative suboptimality),
    ``lambda_min_``, ``lambda_1se_``, ``lambda_`` (chosen), ``lambda_max_``, and the
    model at ``lambda_``.
    """

    def __init__(
        self,
        l1_ratio: Optional[float] = None,
        n_lambdas: Optional[int] = None,
        min_ratio: Optional[float] = None,
        lambdas: Optional[Any] = None,
        cv: Optional[int] = None,
        choice: Optional[str] = None,
        random_state: Optional[int] = None,
        early_stop: Optional[bool] = None,
        tol: Optional[float] = None,
        max_iter: Optional[int] = None,
        laplace: Optional[str] = None,
        n_jobs: Optional[int] = None,
        max_gap: Optional[float] = None,
    ) -> None:
        self.l1_ratio = l1_ratio
        self.n_lambdas = n_lambdas
        self.min_ratio = min_ratio
        self.lambdas = lambdas
        self.cv = cv
        self.choice = choice
        self.random_state = random_state
        self.early_stop = early_stop
        self.tol = tol
        self.max_gap = max_gap
        self.max_iter = max_iter
        self.laplace = laplace
        self.n_jobs = n_jobs

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> "LogisticRegressionCV":
        classes, yi, indptr, indices, data, p, w, _ = self._data(X, y, sample_weight)
        _, rho = _penalty(None, self.l1_ratio, classes.shape[0], 1.0)
        folds = int(_D["folds"] if self.cv is None else self.cv)
        if folds < 2:
            raise InvalidArgumentError(f"cv must be >= 2 folds, got {folds}")
        r = _native.cross_validate_csr(
            indptr,
            indices,
            data,
            p,
            yi,
            w,
            [str(c) for c in classes],
            rho,
            float(_D["tol"] if self.tol is None else self.tol),
            None if self.max_gap is None else float(self.max_gap),
            int(_D["max_iter"] if self.max_iter is None else self.max_iter),
            _D["laplace"] if self.laplace is None else str(self.laplace),
            _threads(self.n_jobs),
            int(_D["n_lambdas"] if self.n_lambdas is None else self.n_lambdas),
            float(_D["min_ratio"] if self.min_ratio is None else self.min_ratio),
            None if self.lambdas is None else [float(v) for v in self.lambdas],
            bool(_D["early_stop"] if self.early_stop is None else self.early_stop),
            folds,
            int(_D["cv_seed"] if self.random_state is None else self.random_state),
            _D["choice"] if self.choice is None else str(self.choice),
        )
        if not all(r["converged"]):
            bad = [lam for lam, c in zip(r["lambdas"], r["converged"]) if not c]
            raise NoConvergenceError(f"the path did not converge at lambda {bad}; raise max_iter")
        self.lambda_max_ = r["lambda_max"]
        self.lambdas_ = np.array(r["lambdas"])
        self.loss_ = np.array(r["loss"])
        self.nnz_ = np.array(r["nnz"])
        self.gap_ = np.array(r["gap"])
        self.cv_mean_ = np.array(r["cv_mean"])
        self.cv_se_ = np.array(r["cv_se"])
        self.cv_folds_ = np.array(r["cv_folds"])
        self.best_index_ = r["best"]
        self.one_se_index_ = r["one_se"]
        self.lambda_min_ = float(self.lambdas_[r["best"]])
        self.lambda_1se_ = float(self.lambdas_[r["one_se"]])
        self.lambda_ = float(self.lambdas_[r["chosen"]])
        self.model_ = r["model"]
        self.classes_ = classes
        self.n_features_in_ = p
        self.n_iter_ = np.array([self.model_.info["iterations"]])
        return self

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags
