"""LogisticRegression / LogisticRegressionCV: the objective against the committed
references (saga at a tight tolerance and an independent solver,
tests/reference/generate_logistic.py) and a live scikit-learn saga fit; one model
file everywhere (the CLI and the C API read what Python writes and the reverse, with
the same probabilities bit for bit); uncertainty; bad input."""

from __future__ import annotations

import ctypes
import json
import pickle
import subprocess
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.special import logsumexp
from sklearn.datasets import load_svmlight_file
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

import bayeskit as bk


@pytest.fixture(scope="module")
def reference(root):
    return json.loads((root / "tests" / "reference" / "logistic.json").read_text())["datasets"]


def load(root, d):
    X, y = load_svmlight_file(str(root / d["file"]), n_features=d["n_features"], zero_based=True)
    return X, y.astype(int)


def objective(W, b, X, y, lam, rho, w=None):
    """The core's objective (as the reference script's), written out in numpy:
    weighted mean log-loss + λ((1−ρ)/2‖W‖² + ρ‖W‖₁); W is features × K."""
    Z = X @ W + b
    loss = logsumexp(Z, axis=1) - Z[np.arange(len(y)), y]
    w = np.ones(len(y)) if w is None else np.asarray(w)
    return np.sum(w * loss) / np.sum(w) + lam * ((1 - rho) / 2 * np.sum(W * W) + rho * np.sum(np.abs(W)))


def test_objective_matches_the_references(root, reference):
    for d in reference:
        X, y = load(root, d)
        clf = bk.LogisticRegression(C=d["sklearn_C"], l1_ratio=d["sklearn_l1_ratio"], tol=1e-10, max_iter=100_000)
        clf.fit(X, y, sample_weight=d["weights"])
        info = clf.info_
        assert info["lambda"] == pytest.approx(d["lambda"], rel=1e-14), d["name"]
        assert info["l1_ratio"] == pytest.approx(d["l1_ratio"], rel=1e-14), d["name"]
        r = (info["objective"] - d["objective"]) / d["objective"]
        assert r <= 1e-9 and abs(r) <= 1e-6, (d["name"], info["objective"], d["objective"])
        # The reported objective is the numpy objective at the model's weights.
        W, b = clf._weights()
        assert objective(W, b, X, y, d["lambda"], d["l1_ratio"], d["weights"]) == pytest.approx(
            info["objective"], rel=1e-12
        )
        assert np.array_equal(clf.predict(X), np.array(d["pred"]))


@pytest.mark.parametrize("name", ["dense_k3", "k2_mixed", "weighted_k3"])
def test_against_scikit_learn_saga(root, reference, name):
    d = next(d for d in reference if d["name"] == name)
    X, y = load(root, d)
    sk = SkLogisticRegression(
        solver="saga", C=d["sklearn_C"], l1_ratio=d["sklearn_l1_ratio"], tol=1e-10, max_iter=100_000, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        sk.fit(X.toarray(), y, sample_weight=d["weights"])
    ours = bk.LogisticRegression(C=d["sklearn_C"], l1_ratio=d["sklearn_l1_ratio"], tol=1e-10, max_iter=100_000)
    ours.fit(X, y, sample_weight=d["weights"])
    assert ours.coef_.shape == sk.coef_.shape and ours.intercept_.shape == sk.intercept_.shape
    assert np.max(np.abs(ours.predict_proba(X) - sk.predict_proba(X))) < 1e-6
    # Objective at scikit-learn's solution in the core's parameterisation (binary: ±w/2).
    if d["K"] == 2:
        Wsk = np.stack([-sk.coef_[0] / 2, sk.coef_[0] / 2], axis=1)
        bsk = np.array([-sk.intercept_[0] / 2, sk.intercept_[0] / 2])
    else:
        Wsk, bsk = sk.coef_.T, sk.intercept_ - sk.intercept_.mean()
    f_sk = objective(Wsk, bsk, X, y, d["lambda"], d["l1_ratio"], d["weights"])
    assert ours.info_["objective"] <= f_sk * (1 + 1e-9)
    assert ours.info_["objective"] == pytest.approx(f_sk, rel=1e-6)


# ---- one model file everywhere -------------------------------------------------------


class CApi:
    """libbayeskit through ctypes: load a model file, score a CSR batch, serialise."""

    def __init__(self, libdir):
        self.lib = ctypes.CDLL(str(libdir / "libbayeskit.so"))
        self.lib.bk_logistic_model_load.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
        self.lib.bk_logistic_model_predict_proba_batch.argtypes = [
            ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p,
            ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t,
        ]
        self.lib.bk_logistic_model_to_bytes.argtypes = [
            ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)
        ]
        self.lib.bk_logistic_model_free.argtypes = [ctypes.c_void_p]
        for f in ("bk_logistic_model_load", "bk_logistic_model_predict_proba_batch", "bk_logistic_model_to_bytes"):
            getattr(self.lib, f).restype = ctypes.c_uint32

    def score(self, path, X, k):
        m = ctypes.c_void_p()
        assert self.lib.bk_logistic_model_load(str(path).encode(), ctypes.byref(m)) == 0
        try:
            X = sp.csr_matrix(X)
            indptr = np.ascontiguousarray(X.indptr, dtype=np.uintp)
            idx = np.ascontiguousarray(X.indices, dtype=np.uint32)
            val = np.ascontiguousarray(X.data, dtype=np.float64)
            out = np.empty((X.shape[0], k))
            st = self.lib.bk_logistic_model_predict_proba_batch(
                m, indptr.ctypes.data, X.shape[0], idx.ctypes.data, val.ctypes.data, len(val), out.ctypes.data, k
            )
            assert st == 0
            n = ctypes.c_size_t()
            self.lib.bk_logistic_model_to_bytes(m, None, 0, ctypes.byref(n))
            buf = ctypes.create_string_buffer(n.value)
            assert self.lib.bk_logistic_model_to_bytes(m, buf, n.value, ctypes.byref(n)) == 0
            return out, buf.raw[: n.value]
        finally:
            self.lib.bk_logistic_model_free(m)


def cli_predict(cli, model, data, *extra):
    """The CLI's prediction table: (predicted labels, the value columns as text)."""
    out = subprocess.run(
        [cli, "logistic", "predict", str(model), str(data), "--zero-based", *extra],
        check=True, capture_output=True, text=True,
    ).stdout.splitlines()
    rows = [line.split("\t") for line in out[1:]]
    return [r[0] for r in rows], [r[1:] for r in rows], out[0]


def fmt(a):
    """Python's text of values as the CLI prints them ({:.6} in Rust: correctly rounded)."""
    return [[f"{v:.6f}" for v in row] for row in a]


@pytest.mark.parametrize("name", ["dense_k3", "k2_mixed", "sparse_k5_l2"])
def test_one_model_file_everywhere(root, reference, cli, libdir, tmp_path, name):
    d = next(d for d in reference if d["name"] == name)
    data = root / d["file"]
    X, y = load(root, d)
    clf = bk.LogisticRegression(C=d["sklearn_C"], l1_ratio=d["sklearn_l1_ratio"]).fit(X, y)
    py_model = tmp_path / "py.bkm"
    clf.save(py_model)
    info = clf.info_
    # The CLI trains the same model from the same file with the same (core) options:
    # the same bytes.
    cli_model = tmp_path / "cli.bkm"
    subprocess.run(
        [cli, "logistic", "train", str(data), "--zero-based", "--lambda", repr(info["lambda"]),
         "--l1-ratio", repr(info["l1_ratio"]), "--threads", "1", "-o", str(cli_model)],
        check=True, capture_output=True,
    )
    assert cli_model.read_bytes() == py_model.read_bytes()
    # Python's probabilities, the C API's on the Python model and on the CLI's model: bit for bit.
    p = clf.predict_proba(X)
    capi = CApi(libdir)
    p_c, bytes_c = capi.score(py_model, X, d["K"])
    p_c2, _ = capi.score(cli_model, X, d["K"])
    assert bytes_c == py_model.read_bytes()
    assert p.tobytes() == p_c.tobytes() == p_c2.tobytes()
    # The CLI scores the Python model as Python does (its table has 6 decimals).
    labels, cols, header = cli_predict(cli, py_model, data)
    assert header == "predicted\t" + "\t".join(f"p_{c}" for c in clf.classes_)
    assert cols == fmt(p) and labels == [str(c) for c in clf.predict(X)]
    # The reverse: the CLI's model loaded in Python scores bit for bit as the C API does.
    back = bk.LogisticRegression.load(cli_model)
    assert back.predict_proba(X).tobytes() == p_c2.tobytes()
    assert list(back.classes_) == [str(c) for c in clf.classes_]
    assert np.array_equal(back.coef_, clf.coef_)


def test_uncertainty_matches_the_cli_and_the_formula(root, reference, cli, tmp_path):
    d = next(d for d in reference if d["name"] == "dense_k3")
    data = root / d["file"]
    X, y = load(root, d)
    clf = bk.LogisticRegression(C=d["sklearn_C"], l1_ratio=d["sklearn_l1_ratio"], laplace="blocks").fit(X, y)
    path = tmp_path / "m.bkm"
    clf.save(path)
    # Moderated: logits scaled by (1 + π σ²/8)^(-1/2), σ_c² = Σ_b(c,c) + Σ_j x_j² Σ_j(c,c).
    u = clf.predict_uncertainty(X, "moderated")
    Xd = X.toarray()
    W, b = clf._weights()
    var = np.diag(clf.intercept_covariance()) + sum(
        np.outer(Xd[:, j] ** 2, np.diag(clf.covariance(j))) for j in range(X.shape[1])
    )
    z = (Xd @ W + b) / np.sqrt(1 + np.pi * var / 8)
    want = np.exp(z - logsumexp(z, axis=1, keepdims=True))
    assert np.max(np.abs(u.proba - want)) < 1e-13
    assert np.max(np.abs(u.logit_sd - np.sqrt(var))) < 1e-13
    _, cols, _ = cli_predict(cli, path, data, "--uncertainty", "moderated")
    assert cols == fmt(np.hstack([u.proba, u.logit_sd]))
    # Monte Carlo: the same seed gives the CLI's numbers.
    mc = clf.predict_uncertainty(X, "mc", draws=300, level=0.8, random_state=5)
    _, cols, _ = cli_predict(cli, path, data, "--uncertainty", "mc", "--draws", "300", "--level", "0.8", "--seed", "5")
    assert cols == fmt(np.hstack([mc.proba, mc.lower, mc.upper]))
    assert np.all(mc.lower <= mc.proba) and np.all(mc.proba <= mc.upper)
    assert np.max(np.abs(mc.proba - u.proba)) < 0.05
    assert np.array_equal(clf.predict_proba(X, uncertainty="mc", draws=300, level=0.8, random_state=5), mc.proba)
    # Covariance blocks are symmetric and positive semi-definite.
    for j in range(X.shape[1]):
        c = clf.covariance(j)
        assert np.array_equal(c, c.T) and np.min(np.linalg.eigvalsh(c)) > -1e-12
    none = bk.LogisticRegression(C=1.0, laplace="none").fit(X, y)
    with pytest.raises(bk.InvalidArgumentError, match="covariances"):
        none.predict_proba(X, uncertainty="moderated")


def test_inputs_dense_sparse_and_labels():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(120, 6))
    X[X < 0.3] = 0
    y = np.where(X[:, 0] + X[:, 1] > 0.8, "hi", np.where(X[:, 2] > 0.5, "mid", "lo"))
    a = bk.LogisticRegression(C=5.0).fit(X, y)
    b = bk.LogisticRegression(C=5.0).fit(sp.csr_matrix(X), y)
    c = bk.LogisticRegression(C=5.0).fit(sp.csc_matrix(X), y)
    f = bk.LogisticRegression(C=5.0).fit(np.asfortranarray(X), y)
    for m in (b, c, f):
        assert m.predict_proba(X).tobytes() == a.predict_proba(X).tobytes()
    assert list(a.classes_) == ["hi", "lo", "mid"] and a.coef_.shape == (3, 6)
    assert a.predict_log_proba(X) == pytest.approx(np.log(a.predict_proba(X)), rel=1e-12)
    assert a.decision_function(X).shape == (120, 3)
    # A CSR matrix with duplicates and unsorted indices is copied into canonical form.
    M = sp.csr_matrix((np.array([1.0, 2.0, 0.5]), np.array([3, 1, 3]), np.array([0, 3])), shape=(1, 6))
    assert not M.has_canonical_format
    want = a.predict_proba(np.array([[0, 2.0, 0, 1.5, 0, 0]]))
    assert a.predict_proba(M).tobytes() == want.tobytes() and not M.has_canonical_format
    # Integer labels; pickling keeps the model.
    yi = (X[:, 0] > 0.5).astype(int)
    m = bk.LogisticRegression().fit(X, yi)
    m2 = pickle.loads(pickle.dumps(m))
    assert m2.predict_proba(X).tobytes() == m.predict_proba(X).tobytes()
    assert m.score(X, yi) == np.mean(m.predict(X) == yi)


def test_bad_input_is_a_clear_error():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
    y = np.array([0, 1, 1, 0])
    with pytest.raises(ValueError, match="NaN"):
        bk.LogisticRegression().fit(np.array([[np.nan, 0], [0, 1], [1, 1], [0, 0]]), y)
    with pytest.raises(ValueError, match="class"):
        bk.LogisticRegression().fit(X, np.zeros(4))
    with pytest.raises(ValueError):
        bk.LogisticRegression().fit(X, y[:3])
    with pytest.raises(ValueError, match="sample_weight"):
        bk.LogisticRegression().fit(X, y, sample_weight=[1, 1, -1, 1])
    with pytest.raises(bk.InvalidArgumentError, match="C must be"):
        bk.LogisticRegression(C=-1.0).fit(X, y)
    with pytest.raises(bk.InvalidArgumentError, match="l1_ratio"):
        bk.LogisticRegression(l1_ratio=2.0).fit(X, y)
    with pytest.raises(bk.NoConvergenceError):
        bk.LogisticRegression(C=1e6, max_iter=1, tol=1e-14).fit(X, y)
    m = bk.LogisticRegression(C=1.0).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        m.predict_proba(np.ones((2, 3)))
    with pytest.raises(ValueError):
        m.predict_proba(np.array([[np.inf, 0.0]]))
    with pytest.raises(bk.InvalidArgumentError, match="uncertainty"):
        m.predict_proba(X, uncertainty="bogus")
    with pytest.raises(bk.CorruptDataError):
        bk.LogisticRegression.from_bytes(b"not a model")
    # A row whose logits overflow is an error, never NaN probabilities.
    big = bk.LogisticRegression(C=1e4).fit(X, y)  # separable by feature 1: |W| >> 1
    assert np.max(np.abs(big.coef_)) > 2
    with pytest.raises(bk.InvalidArgumentError, match="row 1"):
        big.predict_proba(np.array([[0.0, 1.0], [0.0, 1e308]]))


def test_max_gap_stops_on_the_duality_gap(root, reference):
    """max_gap stops a fit once its relative duality gap is that small: the objective is
    then within that factor of the optimum (a fit to tol 1e-12), in fewer iterations."""
    d = next(d for d in reference if d["name"] == "dense_k3")
    X, y = load(root, d)
    tight = bk.LogisticRegression(C=0.5, l1_ratio=0.5, tol=1e-12).fit(X, y)
    gap = bk.LogisticRegression(C=0.5, l1_ratio=0.5, tol=1e-15, max_gap=1e-6).fit(X, y)
    f_star = tight.info_["objective"]
    assert 0 <= (gap.info_["objective"] - f_star) / f_star <= 1e-6
    assert gap.n_iter_[0] < tight.n_iter_[0]
    cv = bk.LogisticRegressionCV(l1_ratio=0.5, cv=3, random_state=1, tol=1e-15, max_gap=1e-5).fit(X, y)
    assert np.all(cv.gap_ <= 1e-5)
    for bad in (0.0, -1.0, float("nan")):
        with pytest.raises(bk.InvalidArgumentError, match="max_gap"):
            bk.LogisticRegression(max_gap=bad).fit(X, y)


def test_cross_validation(root, reference):
    d = next(d for d in reference if d["name"] == "dense_k3")
    X, y = load(root, d)
    cv = bk.LogisticRegressionCV(l1_ratio=0.5, cv=5, random_state=1).fit(X, y)
    assert cv.lambda_1se_ >= cv.lambda_min_
    assert cv.lambda_min_ == cv.lambdas_[np.argmin(cv.cv_mean_)]
    assert np.allclose(cv.cv_mean_, cv.cv_folds_.mean(axis=1), rtol=1e-14)
    assert np.allclose(cv.cv_se_, cv.cv_folds_.std(axis=1, ddof=1) / np.sqrt(5), rtol=1e-12)
    assert np.all(np.diff(cv.lambdas_) < 0) and cv.lambdas_[0] == cv.lambda_max_ and cv.nnz_[0] == 0
    # Every fit converged: each duality gap (a bound on the relative suboptimality) is tiny.
    assert cv.gap_.shape == cv.lambdas_.shape and np.all((cv.gap_ >= 0) & (cv.gap_ < 1e-8))
    assert cv.info_["lambda"] == cv.lambda_ == cv.lambda_min_
    # The chosen model is the fit at that λ (K = 3: C = 1/(λN)), to the tolerance.
    one = bk.LogisticRegression(C=1 / (cv.lambda_ * X.shape[0]), l1_ratio=0.5).fit(X, y)
    assert np.max(np.abs(one.predict_proba(X) - cv.predict_proba(X))) < 1e-5
    se = bk.LogisticRegressionCV(l1_ratio=0.5, cv=5, random_state=1, choice="1se").fit(X, y)
    assert se.lambda_ == cv.lambda_1se_
    with pytest.raises(bk.InvalidArgumentError):
        bk.LogisticRegressionCV(choice="best").fit(X, y)
