"""scikit-learn's estimator checks (sklearn.utils.estimator_checks)."""

from __future__ import annotations

from sklearn.utils.estimator_checks import parametrize_with_checks

import bayeskit as bk

# Checks that fail, and why (each is expected to fail: strict xfail, so the suite
# notices when one starts passing).
_OFFSET = (
    "the check's data sit at x ≈ 100 ± 1 (a large common offset, so the intercept and the "
    "weights are nearly collinear); the core's proximal Newton / coordinate descent solver "
    "does not reach tol=1e-7 within max_iter=1000 there (it does on the same data centred, "
    "in 3 iterations), and bayeskit raises NoConvergenceError rather than return an "
    "unconverged model as scikit-learn does with a ConvergenceWarning"
)
_COMMON = {
    "check_fit_idempotent": _OFFSET,
    "check_fit_check_is_fitted": _OFFSET,
    "check_n_features_in": _OFFSET,
}
EXPECTED_FAILED = {
    "LogisticRegression": _COMMON,
    "LogisticRegressionCV": {
        **_COMMON,
        **{
            f"check_sample_weight_equivalence_on_{kind}_data": (
                "cross-validation deals rows to stratified folds: a row repeated twice can land "
                "in two folds while a row of weight 2 stays in one, so the held-out losses and "
                "the chosen lambda differ (LogisticRegression, with no folds, passes this check)"
            )
            for kind in ("dense", "sparse")
        },
    },
}


@parametrize_with_checks(
    [bk.LogisticRegression(), bk.LogisticRegressionCV(cv=3)],
    expected_failed_checks=lambda est: EXPECTED_FAILED.get(type(est).__name__, {}),
)
def test_sklearn_compatible(estimator, check):
    check(estimator)
