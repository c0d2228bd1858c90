"""The conjugate families, comparisons and hypotheses against scipy (an independent
implementation): distributions, predictives and evidences in closed form, and
comparisons by numerical integration (scipy.integrate.quad)."""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from scipy import integrate, special, stats

import bayeskit as bk

P = np.array([1e-9, 1e-4, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.9999, 1 - 1e-9])


def rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300))


@pytest.mark.parametrize("a,b", [(1, 1), (0.5, 0.5), (4, 8), (2001, 98001), (0.01, 3), (250, 1e6)])
def test_beta_against_scipy(a, b):
    d, ref = bk.Beta(a, b), stats.beta(a, b)
    assert rel(d.mean(), ref.mean()) < 1e-14
    assert rel(d.variance(), ref.var()) < 1e-12
    # Quantiles below the smallest normal double (Beta(0.01, 3) at p = 1e-4 is ~1e-400)
    # saturate in both; compare where they are representable.
    q = ref.ppf(P)
    ok = q > 1e-300
    assert rel(d.quantile(P)[ok], q[ok]) < 1e-10
    x = ref.ppf(P[1:-1])
    assert np.max(np.abs(d.cdf(x) - ref.cdf(x))) < 1e-13
    # ln density against mpmath at 50 digits (scipy's loses ~1e-9 for b = 1e6).
    mp.mp.dps = 50
    for xi in x[x > 1e-300]:
        want = (a - 1) * mp.log(xi) + (b - 1) * mp.log(1 - mp.mpf(xi)) - mp.log(mp.beta(a, b))
        assert abs(d.logpdf(xi) - float(want)) < 1e-13 * max(1.0, abs(float(want)), abs(math.log(xi)) * a)
    lo, hi = d.interval(0.9)
    assert rel([lo, hi], ref.interval(0.9)) < 1e-10
    assert d.interval() == d.interval(bk.defaults()["level"])


def test_beta_update_and_predictive():
    p = bk.Beta(2, 3).update(successes=7, failures=11)
    assert p == bk.Beta(9, 14)
    assert bk.Beta.uniform().observe([True, False, True]) == bk.Beta(3, 2)
    for k, n in [(0, 5), (3, 10), (10, 10)]:
        assert rel(p.ln_predictive(k, n), stats.betabinom(n, 9, 14).logpmf(k)) < 1e-12
    want = special.betaln(2 + 7, 3 + 11) - special.betaln(2, 3)
    assert rel(bk.Beta(2, 3).ln_marginal(7, 11), want) < 1e-12


@pytest.mark.parametrize("shape,rate", [(1, 1), (0.3, 2), (50, 0.1), (1e4, 10)])
def test_gamma_against_scipy(shape, rate):
    d, ref = bk.Gamma(shape, rate), stats.gamma(shape, scale=1 / rate)
    assert rel(d.mean(), ref.mean()) < 1e-14
    assert rel(d.variance(), ref.var()) < 1e-14
    assert rel(d.quantile(P), ref.ppf(P)) < 1e-10
    x = ref.ppf(P[1:-1])
    assert np.max(np.abs(d.cdf(x) - ref.cdf(x))) < 1e-13


def test_gamma_update_predictive_evidence():
    counts, exp = np.array([3.0, 5, 4]), np.array([1.0, 2, 0.5])
    g = bk.Gamma(2, 1).update(counts, exp)
    assert g == bk.Gamma(2 + 12, 1 + 3.5)
    for k in [0, 3, 20]:
        want = stats.nbinom(g.shape, g.rate / (g.rate + 2.0)).logpmf(k)
        assert rel(g.ln_predictive(k, 2.0), want) < 1e-12
    # ln ∫ Π Poisson(c_i | λ e_i) Gamma(λ | a, b) dλ, in closed form.
    a, b = 2.0, 1.0
    want = (
        a * math.log(b)
        - special.gammaln(a)
        + special.gammaln(a + counts.sum())
        - (a + counts.sum()) * math.log(b + exp.sum())
        + np.sum(counts * np.log(exp) - special.gammaln(counts + 1))
    )
    assert rel(bk.Gamma(a, b).ln_marginal(counts, exp), want) < 1e-12


def test_normal_known_variance():
    xs = np.array([1.2, 0.7, 1.9, 1.1])
    m0, s0, sig = 0.5, 2.0, 0.8
    p = bk.NormalKnownVariance(m0, s0, sig).update(xs)
    prec = 1 / s0**2 + len(xs) / sig**2
    mean = (m0 / s0**2 + xs.sum() / sig**2) / prec
    assert rel([p.mean(), p.sd], [mean, prec**-0.5]) < 1e-14
    assert rel(p.quantile(P), stats.norm(mean, prec**-0.5).ppf(P)) < 1e-12
    q = bk.NormalKnownVariance(m0, s0, sig).update_stats(len(xs), xs.mean())
    assert rel([q.mean(), q.sd], [mean, prec**-0.5]) < 1e-14
    pred = p.predictive()
    assert rel([pred.mu, pred.sigma], [mean, math.sqrt(1 / prec + sig**2)]) < 1e-14
    cov = s0**2 * np.ones((4, 4)) + sig**2 * np.eye(4)
    want = stats.multivariate_normal(np.full(4, m0), cov).logpdf(xs)
    assert rel(bk.NormalKnownVariance(m0, s0, sig).ln_marginal(xs), want) < 1e-12


def test_normal_gamma():
    xs = np.array([4.9, 5.1, 5.3, 4.7, 5.6])
    m, k, a, b = 1.0, 0.5, 2.0, 3.0
    n, xbar = len(xs), xs.mean()
    ss = np.sum((xs - xbar) ** 2)
    kn, mn, an = k + n, (k * m + n * xbar) / (k + n), a + n / 2
    bn = b + ss / 2 + k * n * (xbar - m) ** 2 / (2 * (k + n))
    p = bk.NormalGamma(m, k, a, b).update(xs)
    assert rel([p.m, p.kappa, p.alpha, p.beta], [mn, kn, an, bn]) < 1e-13
    q = bk.NormalGamma(m, k, a, b).update_stats(n, xbar, ss)
    assert rel([q.m, q.kappa, q.alpha, q.beta], [mn, kn, an, bn]) < 1e-13
    t = stats.t(2 * an, loc=mn, scale=math.sqrt(bn / (an * kn)))
    assert rel(p.quantile(P[1:-1]), t.ppf(P[1:-1])) < 1e-9
    tp = stats.t(2 * an, loc=mn, scale=math.sqrt(bn * (kn + 1) / (an * kn)))
    assert rel(p.ln_predictive(5.0), tp.logpdf(5.0)) < 1e-12
    assert p.precision() == bk.Gamma(an, bn)
    want = (
        special.gammaln(an) - special.gammaln(a) + a * math.log(b) - an * math.log(bn)
        + 0.5 * math.log(k / kn) - n / 2 * math.log(2 * math.pi)
    )
    assert rel(bk.NormalGamma(m, k, a, b).ln_marginal(xs), want) < 1e-12
    mu, var = p.sample(5000, rng=3)
    assert mu.shape == var.shape == (5000,)
    assert stats.kstest(1 / var, stats.gamma(an, scale=1 / bn).cdf).pvalue > 1e-3  # precision ~ Gamma(α, β)
    assert stats.kstest(mu, t.cdf).pvalue > 1e-3  # the mean's marginal


def test_student_t():
    d = bk.StudentT(3.5, 1.0, 2.0)
    ref = stats.t(3.5, loc=1.0, scale=2.0)
    assert rel(d.quantile(P[1:-1]), ref.ppf(P[1:-1])) < 1e-9
    assert rel(d.variance(), ref.var()) < 1e-14
    assert bk.StudentT(1, 0, 1).mean() is None and bk.StudentT(2, 0, 1).variance() is None


def test_dirichlet():
    alpha = np.array([2.0, 3.5, 0.7, 10.0])
    d, ref = bk.Dirichlet(alpha), stats.dirichlet(alpha)
    assert rel(d.mean(), ref.mean()) < 1e-14
    assert rel(d.variance(), ref.var()) < 1e-13
    A = alpha.sum()
    for k in range(4):
        assert rel(d.quantile(k, 0.3), stats.beta(alpha[k], A - alpha[k]).ppf(0.3)) < 1e-10
        assert rel(d.interval(k, 0.8), stats.beta(alpha[k], A - alpha[k]).interval(0.8)) < 1e-10
    x = np.array([3.0, 0.0, 1.0, 5.0])
    assert rel(d.ln_predictive(x), stats.dirichlet_multinomial(alpha, 9).logpmf(x)) < 1e-12
    want = special.gammaln(A) - special.gammaln(A + 9) + np.sum(special.gammaln(alpha + x) - special.gammaln(alpha))
    assert rel(d.ln_marginal(x), want) < 1e-12
    assert np.array_equal(d.update(x).alpha, alpha + x)
    assert d.mode() is None and bk.Dirichlet([2.0, 3.0]).mode() is not None
    s = d.sample(4000, rng=11)
    assert s.shape == (4000, 4) and np.allclose(s.sum(axis=1), 1)
    assert stats.kstest(s[:, 0], stats.beta(alpha[0], A - alpha[0]).cdf).pvalue > 1e-3


BETA_PAIRS = [((1 + 120, 1 + 880), (1 + 150, 1 + 850)), ((3, 7), (4, 6)), ((2001, 98001), (2101, 97901))]


@pytest.mark.parametrize("a,b", BETA_PAIRS)
def test_beta_compare_against_quadrature(a, b):
    A, B = stats.beta(*a), stats.beta(*b)
    lo = min(A.ppf(1e-15), B.ppf(1e-15))
    hi = max(A.isf(1e-15), B.isf(1e-15))
    pts = [A.mean(), B.mean()]
    p = integrate.quad(lambda x: A.pdf(x) * B.sf(x), lo, hi, points=pts, epsabs=1e-14, epsrel=1e-12, limit=500)[0]
    # E[max(B − A, 0)] = ∫ f_A(x) ∫_x^1 sf_B(y) dy dx, with ∫_x^1 sf_B = E[(B − x)+]
    #                  = E[B]·sf_{B+}(x) − x·sf_B(x), B+ = Beta(b1 + 1, b2).
    Bp = stats.beta(b[0] + 1, b[1])
    la = integrate.quad(
        lambda x: A.pdf(x) * (B.mean() * Bp.sf(x) - x * B.sf(x)), lo, hi, points=pts, epsabs=1e-15, limit=500
    )[0]
    c = bk.Beta(*a).compare(bk.Beta(*b))
    assert abs(c.prob_b_greater - p) < 1e-9
    assert abs(c.expected_loss_a - la) < 1e-9 * B.mean()
    # E[(A − B)+] − E[(B − A)+] = E[A] − E[B]
    assert abs((c.expected_loss_b - c.expected_loss_a) - (A.mean() - B.mean())) < 1e-12
    assert c.method.name in ("quadrature", "closed form")
    # The lift quantile q solves P(θ_B/θ_A − 1 ≤ q) = p.
    for pr in (0.025, 0.5, 0.975):
        q = bk.Beta(*a).lift_quantile(bk.Beta(*b), pr)
        cdf = integrate.quad(lambda x: A.pdf(x) * B.cdf((1 + q) * x), lo, hi, points=pts, epsabs=1e-14, limit=500)[0]
        assert abs(cdf - pr) < 1e-8


def test_gamma_compare_closed_form():
    a, b = bk.Gamma(100, 10), bk.Gamma(120, 10)
    c = a.compare(b)
    # V/(U+V) ~ Beta(a_B, a_A) with U = b_A X_A, V = b_B X_B: P(X_B > X_A) = I_z(a_A, a_B), z = b_A/(b_A + b_B).
    assert abs(c.prob_b_greater - special.betainc(100, 120, 10 / 20)) < 1e-13
    assert c.method.name == "closed form"
    li = a.lift_interval(b, 0.9)
    # (X_B/X_A)·(b_B a_A ... ) : X_B/X_A = (V/b_B)/(U/b_A), V/U ~ BetaPrime(a_B, a_A).
    ref = stats.betaprime(120, 100)
    assert rel([li.lower, li.upper], [ref.ppf(0.05) - 1, ref.ppf(0.95) - 1]) < 1e-9


def test_prob_best_against_quadrature():
    arms = [bk.Beta(21, 981), bk.Beta(31, 971), bk.Beta(26, 976)]
    ds = [stats.beta(a.alpha, a.beta) for a in arms]
    want = []
    for i, di in enumerate(ds):
        others = [d for j, d in enumerate(ds) if j != i]
        f = lambda x: di.pdf(x) * np.prod([d.cdf(x) for d in others])  # noqa: E731
        want.append(integrate.quad(f, 0, 0.2, points=[d.mean() for d in ds], epsabs=1e-14, limit=500)[0])
    pb = bk.prob_best(arms)
    assert np.max(np.abs(pb.probabilities - want)) < 1e-9
    assert abs(pb.probabilities.sum() - 1) < 1e-12


def test_monte_carlo_is_seeded_and_close():
    a, b = bk.Beta(121, 881), bk.Beta(151, 851)
    m1 = a.compare(b, draws=200_000, rng=7)
    m2 = a.compare(b, draws=200_000, rng=7)
    assert m1 == m2 and m1.method == bk.Method("monte carlo", 0, 0.0, 200_000)
    exact = a.compare(b).prob_b_greater
    se = math.sqrt(exact * (1 - exact) / 200_000)
    assert abs(m1.prob_b_greater - exact) < 5 * se
    # A shared generator advances: two calls differ, and equal one generator's sequence.
    r = bk.Rng(5)
    x1, x2 = a.sample(3, rng=r), a.sample(3, rng=r)
    assert np.array_equal(np.concatenate([x1, x2]), a.sample(6, rng=5))


def test_samples_follow_the_distribution():
    for d, ref in [(bk.Beta(3, 9), stats.beta(3, 9)), (bk.Gamma(0.5, 2), stats.gamma(0.5, scale=0.5)),
                   (bk.Normal(1, 2), stats.norm(1, 2)), (bk.StudentT(4, 0, 1), stats.t(4))]:
        x = d.sample(20_000, rng=42)
        assert stats.kstest(x, ref.cdf).pvalue > 1e-3
        assert np.array_equal(x, d.sample(20_000, rng=42))


def test_hypotheses():
    prior = np.array([0.2, 0.3, 0.5])
    like = np.array([0.1, 0.4, 0.05])
    h = bk.Hypotheses(prior)
    h.update(like)
    post = prior * like / np.sum(prior * like)
    assert rel(h.posterior(), post) < 1e-14
    assert rel(h.ln_evidence(), math.log(np.sum(prior * like))) < 1e-14
    h.update_log(np.log(like))
    post2 = prior * like**2 / np.sum(prior * like**2)
    assert rel(h.posterior(), post2) < 1e-13 and h.map() == int(np.argmax(post2)) and len(h) == 3
    assert rel(bk.Hypotheses(ln_weights=np.log(prior)).posterior(), prior) < 1e-15


@pytest.mark.parametrize(
    "make",
    [
        lambda: bk.Beta(-1, 1),
        lambda: bk.Beta(float("nan"), 1),
        lambda: bk.Gamma(1, float("inf")),
        lambda: bk.Beta(1, 1).quantile(1.5),
        lambda: bk.Beta(1, 1).interval(1.0),
        lambda: bk.Beta(1, 1).update(-1, 0),
        lambda: bk.Beta(1, 1).update(float("nan"), 0),
        lambda: bk.Gamma(1, 1).update([1, 2], [1]),
        lambda: bk.Dirichlet([1.0]),
        lambda: bk.Dirichlet([[1.0, 2.0]]),
        lambda: bk.Dirichlet([1.0, 2.0]).update([1.0, -2.0]),
        lambda: bk.Hypotheses([0.5, float("nan")]),
        lambda: bk.Beta(1, 1).compare(bk.Gamma(1, 1)),
        lambda: bk.prob_best([]),
        lambda: bk.Beta(1, 1).sample(-1),
        lambda: bk.Beta(1, 1).compare(bk.Beta(2, 2), draws=0),
        lambda: bk.Beta(1, 1).lift_quantile(bk.Beta(2, 2), 0.0),
        lambda: bk.NormalKnownVariance(0, 1, 1).update([1.0, float("nan")]),
    ],
)
def test_bad_arguments_are_value_errors(make):
    with pytest.raises(bk.InvalidArgumentError) as e:
        make()
    assert isinstance(e.value, ValueError) and isinstance(e.value, bk.BayeskitError)
    assert str(e.value)


def test_results_are_frozen():
    b = bk.Beta(1, 2)
    with pytest.raises(AttributeError):
        b.alpha = 3  # type: ignore[misc]
    c = b.compare(bk.Beta(2, 1))
    with pytest.raises(AttributeError):
        c.prob_b_greater = 0.0  # type: ignore[misc]
    assert hash(b) == hash(bk.Beta(1.0, 2.0))
